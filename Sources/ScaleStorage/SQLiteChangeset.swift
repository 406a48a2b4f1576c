import ScaleSupport
import CSQLite

/// The rows one transaction inserted, updated or deleted, with their old and new values, as
/// SQLite's session extension records them. Applied on another copy of the same schema it
/// reproduces the writes row by row (row-based replication); its inverse undoes them.
///
/// Only tables with a declared PRIMARY KEY are recorded (SQLite ignores the others), so
/// `SQLiteConnection.tablesWithoutPrimaryKey()` lets a caller refuse such a schema up front.
public struct SQLiteChangeset: Sendable, Hashable {
    /// The changeset in SQLite's binary format.
    public var bytes: [UInt8]

    /// A changeset holding `bytes` (as produced by `recordingChanges`).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// True when the transaction changed no row.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The changeset that undoes this one (inserts become deletes, updates swap old and new).
    public func inverted() throws -> SQLiteChangeset {
        guard !bytes.isEmpty else { return self }
        var count: Int32 = 0
        var output: UnsafeMutableRawPointer?
        let result = bytes.withUnsafeBytes { buffer in
            sqlite3changeset_invert(Int32(buffer.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress), &count, &output)
        }
        guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: nil, sql: "sqlite3changeset_invert") }
        return SQLiteChangeset(bytes: Self.take(output, count: count))
    }

    /// Copies SQLite-owned changeset memory into an array and frees it.
    static func take(_ pointer: UnsafeMutableRawPointer?, count: Int32) -> [UInt8] {
        defer { sqlite3_free(pointer) }
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: Int(count)))
    }
}

extension SQLiteConnection {
    /// Runs `body` while a session records every row it changes in tables with a primary key,
    /// and returns its result with the changeset. Call inside a transaction to capture it whole.
    public func recordingChanges<T>(_ body: () throws -> sending T) throws -> (value: T, changeset: SQLiteChangeset) {
        var session: OpaquePointer?
        var result = sqlite3session_create(handle, "main", &session)
        guard result == SQLITE_OK, let session else { throw StorageError.sqlite(result, db: handle, sql: "sqlite3session_create") }
        defer { sqlite3session_delete(session) }
        result = sqlite3session_attach(session, nil)
        guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: handle, sql: "sqlite3session_attach") }
        let value = try body()
        var count: Int32 = 0
        var output: UnsafeMutableRawPointer?
        result = sqlite3session_changeset(session, &count, &output)
        guard result == SQLITE_OK else {
            sqlite3_free(output)
            throw StorageError.sqlite(result, db: handle, sql: "sqlite3session_changeset")
        }
        return (value, SQLiteChangeset(bytes: SQLiteChangeset.take(output, count: count)))
    }

    /// Names of the user tables that have no declared PRIMARY KEY (their changes cannot be recorded).
    public func tablesWithoutPrimaryKey() throws -> [String] {
        let tables = try query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") { $0.string(at: 0) }
        return try tables.filter { table in
            let keyColumns = try query("SELECT count(*) FROM pragma_table_info(?) WHERE pk > 0", table) { $0.int64(at: 0) }
            return keyColumns.first == 0
        }
    }
}
