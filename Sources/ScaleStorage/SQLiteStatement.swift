import ScaleSupport
import CSQLite

/// A prepared statement owned by one connection's cache; reach it through
/// `SQLiteConnection.withStatement(_:_:)` to run one SQL text many times without a cache lookup.
///
/// Not Sendable: it belongs to the connection, which belongs to whoever holds the node's lock.
public final class SQLiteStatement {
    @usableFromInline let handle: OpaquePointer
    /// The statement's SQL text.
    public let sql: String
    // `sql.utf8.count`, compared before the text when the cache scans its recent statements.
    let sqlByteCount: Int
    /// Number of `?` parameters the SQL declares.
    public let parameterCount: Int32
    @usableFromInline let tally: RowTally
    /// True when the statement cannot change the database (`sqlite3_stmt_readonly`).
    public let isReadOnly: Bool
    // Set while a helper or `withStatement` uses it, so a nested use of the same SQL prepares a
    // fresh one. Unchecked exclusivity: only the thread holding the connection's lock touches it.
    @exclusivity(unchecked) @usableFromInline var isBusy = false

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`, which Swift does not import).
    @usableFromInline static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(handle: OpaquePointer, sql: String, tally: RowTally) {
        self.handle = handle
        self.sql = sql
        self.sqlByteCount = sql.utf8.count
        self.parameterCount = sqlite3_bind_parameter_count(handle)
        self.isReadOnly = sqlite3_stmt_readonly(handle) != 0
        self.tally = tally
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to parameters 1, 2, ...; throws `.misuse` unless there is one per parameter.
    @inlinable
    public func bind<each V: SQLBindable>(_ values: repeat each V) throws {
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            if index <= parameterCount { try value.bind(to: self, at: index) }
        }
        guard index == parameterCount else { throw parameterCountError(given: index) }
    }

    /// Binds `values` to parameters 1, 2, ...; throws `.misuse` unless there is one per parameter.
    public func bind(arguments values: [SQLValue]) throws {
        guard values.count == Int(parameterCount) else { throw parameterCountError(given: Int32(values.count)) }
        for (offset, value) in values.enumerated() {
            try value.bind(to: self, at: Int32(offset + 1))
        }
    }

    /// Binds one value to parameter `index` (1-based).
    @inlinable
    public func bind<V: SQLBindable>(_ value: V, at index: Int32) throws {
        try value.bind(to: self, at: index)
    }

    /// Advances to the next row: true when a row is ready (read it through `row`), false when done.
    @inlinable
    public func step() throws -> Bool {
        let result = sqlite3_step(handle)
        if result == SQLITE_ROW {
            tally.rows &+= 1
            return true
        }
        if result == SQLITE_DONE { return false }
        throw stepError(result)
    }

    /// The current row; valid until the next `step()` or `reset()`.
    @inlinable
    public var row: SQLiteRow { SQLiteRow(handle: handle) }

    /// Rewinds the statement so it can run again (keeps bindings; the next `bind` replaces them all).
    @inlinable
    public func reset() { sqlite3_reset(handle) }

    /// Throws the connection's error unless `result` is `SQLITE_OK`.
    @inlinable
    public func check(_ result: Int32) throws {
        if result != SQLITE_OK { throw StorageError.sqlite(result, db: sqlite3_db_handle(handle), sql: sql) }
    }

    @usableFromInline
    func stepError(_ result: Int32) -> StorageError {
        StorageError.sqlite(result, db: sqlite3_db_handle(handle), sql: sql)
    }

    @usableFromInline
    func parameterCountError(given: Int32) -> StorageError {
        StorageError(
            code: .misuse,
            message: "the statement has \(parameterCount) parameters but \(given) values were given",
            sql: sql
        )
    }
}

@available(*, unavailable)
extension SQLiteStatement: Sendable {}

/// Rows stepped on one connection, counted by its statements and read into the node's counters.
/// Unchecked exclusivity: only the thread holding the connection's lock touches it.
@usableFromInline
final class RowTally {
    @exclusivity(unchecked) @usableFromInline package var rows = 0

    init() {}
}
