// The system library is built with both (Debian/Ubuntu libsqlite3); they expose the session
// extension's changesets, which replicate an exercise's SQL writes row by row.
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

/// `sqlite3_db_config` is variadic, so Swift cannot call it; this covers the (int, int*) options.
static inline int scalebench_sqlite3_db_config_int(sqlite3 *db, int option, int value, int *result) {
    return sqlite3_db_config(db, option, value, result);
}

#include <pthread.h>

static pthread_once_t scalebench_sqlite3_setup_once = PTHREAD_ONCE_INIT;

static void scalebench_sqlite3_setup_run(void) {
    // Memory statistics make every SQLite allocation take one process-wide mutex: two threads on
    // separate databases then serialize on it. Nothing here reads them. Only effective before
    // SQLite initializes (the first open); afterwards SQLite refuses the change and nothing moves.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Configures the SQLite library once per process, before its first open.
static inline void scalebench_sqlite3_setup(void) {
    pthread_once(&scalebench_sqlite3_setup_once, scalebench_sqlite3_setup_run);
}
