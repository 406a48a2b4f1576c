#include <sqlite3.h>

/// `sqlite3_db_config` is variadic, so Swift cannot call it; this covers the (int, int*) options.
static inline int scalebench_sqlite3_db_config_int(sqlite3 *db, int option, int value, int *result) {
    return sqlite3_db_config(db, option, value, result);
}
