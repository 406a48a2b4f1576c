import ScaleSupport
import CSQLite

/// One SQLite connection with its prepared-statement cache.
///
/// You never create or keep one: a `StorageNode` lends it to a `read`/`write` closure while it
/// holds that connection's lock, which is why the type is not Sendable.
public final class SQLiteConnection {
    @usableFromInline package let handle: OpaquePointer
    /// True for a node's read connections, which SQLite opened read-only.
    public let isReadOnly: Bool
    // Set while lent to `StorageNode.read`: statements that would write are refused, so an
    // in-memory node (whose reads share the write connection) keeps the same contract as a file node.
    // Hot-path fields skip runtime exclusivity checks: the connection is only ever used by the
    // thread holding its node's lock, and none of them is accessed overlapping itself.
    @exclusivity(unchecked) @usableFromInline var refusesWrites = false
    @usableFromInline let tally = RowTally()
    // Keyed by SQL text; bounded by `statementCacheCapacity`.
    @exclusivity(unchecked) @usableFromInline var statements: [String: SQLiteStatement] = [:]
    // The last few statements used, checked before hashing the SQL into `statements`: a repeated
    // literal compares by identity, far cheaper than hashing it.
    @exclusivity(unchecked) var recentStatements: [SQLiteStatement] = []
    @exclusivity(unchecked) var nextRecentSlot = 0
    @exclusivity(unchecked) @usableFromInline var lastStatement: SQLiteStatement?
    static let recentStatementCount = 16
    let statementCacheCapacity: Int
    var savepointDepth = 0
    // What `apply` built for this schema: statement texts per changeset row shape.
    var changesetCache = ChangesetApplyCache()
    private var isClosed = false

    /// Opens `filename` (a path, ":memory:" or a `file:` URI) with SQLite `flags`.
    init(filename: String, flags: Int32, statementCacheCapacity: Int, busyTimeoutMillis: Int) throws {
        var db: OpaquePointer?
        scalebench_sqlite3_setup()
        let result = sqlite3_open_v2(filename, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard result == SQLITE_OK, let db else {
            var error = StorageError.sqlite(result, db: db, sql: nil)
            error.message = "cannot open '\(filename)': \(error.message)"
            sqlite3_close_v2(db)
            throw error
        }
        self.handle = db
        self.isReadOnly = flags & SQLITE_OPEN_READONLY != 0
        self.statementCacheCapacity = max(1, statementCacheCapacity)
        sqlite3_busy_timeout(db, Int32(clamping: busyTimeoutMillis))
    }

    deinit { close(checkpointingWAL: true) }

    /// Closes the connection; without `checkpointingWAL` the WAL file is left exactly as a crashed
    /// process would leave it.
    func close(checkpointingWAL: Bool) {
        guard !isClosed else { return }
        isClosed = true
        if !checkpointingWAL {
            var applied: Int32 = 0
            _ = scalebench_sqlite3_db_config_int(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, &applied)
        }
        lastStatement = nil
        recentStatements.removeAll()
        statements.removeAll()
        // close_v2 waits for any statement still referenced elsewhere instead of failing.
        sqlite3_close_v2(handle)
    }

    // MARK: statements

    /// Runs `body` with the cached prepared statement for `sql`, reset afterwards.
    /// Use it to run one statement many times in a loop: bind, step, `reset()`, repeat.
    @inlinable
    public func withStatement<R>(_ sql: String, _ body: (SQLiteStatement) throws -> R) throws -> R {
        let statement = try acquireStatement(sql)
        defer { releaseStatement(statement) }
        return try body(statement)
    }

    /// The cached statement for `sql` marked busy, or a fresh one when it is busy or new.
    @inlinable
    func acquireStatement(_ sql: String) throws -> SQLiteStatement {
        // Fast path: the same SQL as last time (a literal compares by identity).
        if let last = lastStatement, !last.isBusy, last.sql == sql, !refusesWrites || last.isReadOnly {
            last.isBusy = true
            return last
        }
        return try acquireStatementSlowly(sql)
    }

    @usableFromInline
    func acquireStatementSlowly(_ sql: String) throws -> SQLiteStatement {
        let statement: SQLiteStatement
        // Recent statements are all in the cache (eviction drops them from both): a hit needs no hash.
        let isCached: Bool
        if let recent = recentStatement(matching: sql) {
            statement = recent
            isCached = true
        } else if let cached = statements[sql], !cached.isBusy {
            statement = cached
            remember(cached)
            isCached = true
        } else {
            statement = try prepare(sql)
            if statements[sql] == nil { cache(statement) }
            isCached = statements[sql] === statement
        }
        if refusesWrites, !statement.isReadOnly {
            throw StorageError(
                code: .readOnly,
                message: "a read closure cannot write; use StorageNode.write",
                sql: sql
            )
        }
        statement.isBusy = true
        if isCached { lastStatement = statement }
        return statement
    }

    @usableFromInline
    func releaseStatement(_ statement: SQLiteStatement) {
        statement.isBusy = false
        sqlite3_reset(statement.handle)
    }

    private func prepare(_ sql: String) throws -> SQLiteStatement {
        var raw: OpaquePointer?
        // The tail points into the temporary C string, so it is inspected inside the closure.
        let (result, hasTail) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let result = sqlite3_prepare_v3(handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, &tail)
            let hasTail = tail.map { !String(cString: $0).allSatisfy(\.isWhitespace) } ?? false
            return (result, hasTail)
        }
        guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: handle, sql: sql) }
        guard let raw else {
            throw StorageError(code: .misuse, message: "the SQL holds no statement", sql: sql)
        }
        let statement = SQLiteStatement(handle: raw, sql: sql, tally: tally)
        if hasTail {
            throw StorageError(
                code: .misuse,
                message: "only one statement can be prepared at a time; run scripts with execute(_:)",
                sql: sql
            )
        }
        return statement
    }

    private func cache(_ statement: SQLiteStatement) {
        if statements.count >= statementCacheCapacity,
           let victim = statements.first(where: { !$0.value.isBusy })?.key {
            if let evicted = statements.removeValue(forKey: victim) {
                recentStatements.removeAll { $0 === evicted }
                if lastStatement === evicted { lastStatement = nil }
            }
        }
        if statements.count < statementCacheCapacity {
            statements[statement.sql] = statement
            remember(statement)
        }
    }

    private func recentStatement(matching sql: String) -> SQLiteStatement? {
        let byteCount = sql.utf8.count
        for statement in recentStatements where statement.sqlByteCount == byteCount && !statement.isBusy && statement.sql == sql {
            return statement
        }
        return nil
    }

    private func remember(_ statement: SQLiteStatement) {
        if recentStatements.count < Self.recentStatementCount {
            recentStatements.append(statement)
        } else {
            recentStatements[nextRecentSlot] = statement
            nextRecentSlot = (nextRecentSlot + 1) % Self.recentStatementCount
        }
    }

    // MARK: running SQL

    /// Runs a script of one or more statements without parameters (schema, PRAGMAs); rows are discarded.
    public func execute(_ script: String) throws {
        try script.withCString { start in
            var next: UnsafePointer<CChar>? = start
            while let current = next, current.pointee != 0 {
                var raw: OpaquePointer?
                let result = sqlite3_prepare_v2(handle, current, -1, &raw, &next)
                guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: handle, sql: script) }
                guard let raw else { continue }
                defer { sqlite3_finalize(raw) }
                let sql = String(cString: sqlite3_sql(raw))
                if refusesWrites, sqlite3_stmt_readonly(raw) == 0 {
                    throw StorageError(code: .readOnly, message: "a read closure cannot write; use StorageNode.write", sql: sql)
                }
                var step = sqlite3_step(raw)
                while step == SQLITE_ROW { step = sqlite3_step(raw) }
                guard step == SQLITE_DONE else { throw StorageError.sqlite(step, db: handle, sql: sql) }
            }
        }
    }

    /// Runs one statement with `parameters` bound to its `?`s and returns the rows it changed.
    @inlinable @discardableResult
    public func run<each P: SQLBindable>(_ sql: String, _ parameters: repeat each P) throws -> Int {
        try withStatement(sql) { statement in
            try statement.bind(repeat each parameters)
            while try statement.step() {}
            return changes
        }
    }

    /// Runs one statement with `arguments` bound in order and returns the rows it changed.
    @discardableResult
    public func run(_ sql: String, arguments: [SQLValue]) throws -> Int {
        try withStatement(sql) { statement in
            try statement.bind(arguments: arguments)
            while try statement.step() {}
            return changes
        }
    }

    /// Runs a query and maps every row through `row`.
    @inlinable
    public func query<each P: SQLBindable, T>(
        _ sql: String, _ parameters: repeat each P, row transform: (SQLiteRow) throws -> T
    ) throws -> [T] {
        try withStatement(sql) { statement in
            try statement.bind(repeat each parameters)
            var results: [T] = []
            while try statement.step() { results.append(try transform(statement.row)) }
            return results
        }
    }

    /// Runs a query with `arguments` bound in order and maps every row through `row`.
    public func query<T>(_ sql: String, arguments: [SQLValue], row transform: (SQLiteRow) throws -> T) throws -> [T] {
        try withStatement(sql) { statement in
            try statement.bind(arguments: arguments)
            var results: [T] = []
            while try statement.step() { results.append(try transform(statement.row)) }
            return results
        }
    }

    /// Runs a query and maps its first row through `row`; nil when there is no row.
    @inlinable
    public func queryOne<each P: SQLBindable, T>(
        _ sql: String, _ parameters: repeat each P, row transform: (SQLiteRow) throws -> T
    ) throws -> T? {
        try withStatement(sql) { statement in
            try statement.bind(repeat each parameters)
            return try statement.step() ? transform(statement.row) : nil
        }
    }

    /// Runs a query and hands each row to `body` without collecting them.
    @inlinable
    public func forEachRow<each P: SQLBindable>(
        _ sql: String, _ parameters: repeat each P, row body: (SQLiteRow) throws -> Void
    ) throws {
        try withStatement(sql) { statement in
            try statement.bind(repeat each parameters)
            while try statement.step() { try body(statement.row) }
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    @inlinable
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
}

@available(*, unavailable)
extension SQLiteConnection: Sendable {}
