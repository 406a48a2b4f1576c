// The system library is built with both (Debian/Ubuntu libsqlite3); they expose the session
// extension's changesets, which replicate an exercise's SQL writes row by row.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

/// `sqlite3_db_config` is variadic, so Swift cannot call it; this covers the (int, int*) options.
static inline int scalebench_sqlite3_db_config_int(sqlite3 *db, int option, int value, int *result) {
    return sqlite3_db_config(db, option, value, result);
}
