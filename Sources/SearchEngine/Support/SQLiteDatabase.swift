import CSQLite

/// A minimal SQLite connection for the segment store and the FTS5 peer: one thread at a time
/// (callers hold it under their own lock), statements finalized with their wrapper.
final class SQLiteDatabase {
    let handle: OpaquePointer
    /// The file (or ":memory:") this connection opened, named in every error.
    let path: String

    init(path: String) throws {
        var db: OpaquePointer?
        scalebench_sqlite3_setup()
        let result = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard result == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SearchEngineError(.storage, "cannot open '\(path)': \(message); check the path and its permissions")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Closes as a killed process would leave the file: an open transaction is never committed.
    func abandon() {
        var applied: Int32 = 0
        _ = scalebench_sqlite3_db_config_int(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &applied)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &error)
        defer { sqlite3_free(error) }
        guard result == SQLITE_OK else { throw failure(result, detail: error.map { String(cString: $0) }) }
    }

    func prepare(_ sql: String) throws -> SQLiteQuery {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result) }
        return SQLiteQuery(statement: statement, database: self)
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func failure(_ result: Int32, detail: String? = nil) -> SearchEngineError {
        let message = detail ?? String(cString: sqlite3_errmsg(handle))
        let primary = result & 0xFF
        if primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB {
            return SearchEngineError(.corruptIndex, "index file '\(path)' is corrupt or truncated (\(message)); restore it or delete it and re-index")
        }
        return SearchEngineError(.storage, "SQLite error on '\(path)': \(message)")
    }
}

/// A prepared statement; bind, step, read columns, reset.
final class SQLiteQuery {
    private let statement: OpaquePointer
    private let database: SQLiteDatabase

    init(statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)


    func bind(_ value: Int64, at index: Int32) { sqlite3_bind_int64(statement, index, value) }

    func bind(_ text: String, at index: Int32) {
        var copy = text
        copy.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text64(statement, index, base, sqlite3_uint64(chars.count), Self.transient, UInt8(SQLITE_UTF8))
                } else {
                    // A non-null pointer even for "", so SQLite binds an empty string rather than NULL.
                    _ = sqlite3_bind_text64(statement, index, "", 0, Self.transient, UInt8(SQLITE_UTF8))
                }
            }
        }
    }

    func bind(blob: [UInt8], at index: Int32) {
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob64(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(bytes.count), Self.transient)
        }
    }

    /// True while a row is available.
    func step() throws -> Bool {
        let result = sqlite3_step(statement)
        if result == SQLITE_ROW { return true }
        if result == SQLITE_DONE { return false }
        throw database.failure(result)
    }

    /// Steps to completion (a write).
    func run() throws {
        while try step() {}
        reset()
    }

    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func text(_ column: Int32) -> String {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}

extension SQLiteDatabase {
    /// The rowid of the last insert on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}
