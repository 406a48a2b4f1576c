import ScaleSupport
import CSQLite

extension SQLiteConnection {
    /// Applies `changeset` to this database, all or nothing. Any conflict (a row missing, already
    /// present, or holding other values than the changeset's old ones, a constraint or foreign key
    /// failing) undoes the part applied and throws: a copy that disagrees with its source must
    /// stop, not guess.
    ///
    /// Walks the changeset with SQLite's iterator and runs each row through a cached statement
    /// per table, operation and set of changed columns. `sqlite3changeset_apply` would prepare
    /// its statements again on every call (parsing was a third of its cost on a secondary) and
    /// expire this connection's cached ones.
    public func apply(_ changeset: SQLiteChangeset) throws {
        guard !changeset.isEmpty else { return }
        try refreshChangesetCache()
        try run("SAVEPOINT scalebench_changeset")
        // Rows may arrive in an order foreign keys would refuse (a parent deleted before its child
        // in an inverse): checked once all are in, as sqlite3changeset_apply does. Setting the
        // pragma expires every prepared statement, so only a schema with foreign keys pays it.
        let defers = try changesetCache.hasForeignKeys && (queryOne("PRAGMA defer_foreign_keys") { $0.int64(at: 0) } ?? 0) == 0
        if defers { try run("PRAGMA defer_foreign_keys = ON") }
        do {
            try changeset.bytes.withUnsafeBytes { buffer in
                var iterator: OpaquePointer?
                let started = sqlite3changeset_start(&iterator, Int32(buffer.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                guard started == SQLITE_OK, let iterator else { throw StorageError.sqlite(started, db: nil, sql: "sqlite3changeset_start") }
                var stepped = sqlite3changeset_next(iterator)
                do {
                    while stepped == SQLITE_ROW {
                        try applyChange(at: iterator)
                        stepped = sqlite3changeset_next(iterator)
                    }
                } catch {
                    sqlite3changeset_finalize(iterator)
                    throw error
                }
                let finished = sqlite3changeset_finalize(iterator)
                guard stepped == SQLITE_DONE, finished == SQLITE_OK else {
                    throw StorageError.sqlite(stepped == SQLITE_DONE ? finished : stepped, db: nil, sql: "sqlite3changeset_next (a malformed changeset)")
                }
            }
            if try deferredForeignKeyViolations() > 0 {
                throw Self.conflict("the changeset leaves a foreign key unsatisfied", sql: nil)
            }
            if defers { try run("PRAGMA defer_foreign_keys = OFF") }
            try run("RELEASE scalebench_changeset")
        } catch {
            _ = try? run("ROLLBACK TO scalebench_changeset")
            _ = try? run("RELEASE scalebench_changeset")
            if defers { _ = try? run("PRAGMA defer_foreign_keys = OFF") }
            throw error
        }
    }

    /// Applies the iterator's current row change; throws when the row is not as the change expects.
    private func applyChange(at iterator: OpaquePointer) throws {
        var tableName: UnsafePointer<CChar>?
        var columnCount: Int32 = 0
        var operation: Int32 = 0
        var indirect: Int32 = 0
        try check(sqlite3changeset_op(iterator, &tableName, &columnCount, &operation, &indirect), "sqlite3changeset_op")
        var primaryKeyFlags: UnsafeMutablePointer<UInt8>?
        var primaryKeyCount: Int32 = 0
        try check(sqlite3changeset_pk(iterator, &primaryKeyFlags, &primaryKeyCount), "sqlite3changeset_pk")
        guard let tableName, let primaryKeyFlags else { throw StorageError(code: .misuse, message: "a changeset row without its table or key columns", sql: nil) }
        let table = String(cString: tableName)
        let count = Int(columnCount)
        let isKey = (0..<count).map { primaryKeyFlags[$0] != 0 }

        // What the changeset holds: old values of a delete or update, new ones of an insert or
        // update (nil where an update leaves a column alone).
        var old = [OpaquePointer?](repeating: nil, count: count)
        var new = [OpaquePointer?](repeating: nil, count: count)
        for column in 0..<count {
            if operation != SQLITE_INSERT { try check(sqlite3changeset_old(iterator, Int32(column), &old[column]), "sqlite3changeset_old") }
            if operation != SQLITE_DELETE { try check(sqlite3changeset_new(iterator, Int32(column), &new[column]), "sqlite3changeset_new") }
        }
        let changed = operation == SQLITE_UPDATE ? (0..<count).map { new[$0] != nil } : []
        let shape = ChangeShape(table: table, operation: operation, changed: changed)
        let bound = shape.boundColumns(isKey: isKey)
        let sql = try changeSQL(for: shape, columnCount: count, bound: bound)
        let values = bound.new.map { new[$0] } + bound.old.map { old[$0] }
        let changedRows = try withStatement(sql) { statement in
            for (offset, value) in values.enumerated() {
                // A value the changeset should hold but does not: refuse rather than bind garbage.
                guard let value else { throw StorageError(code: .misuse, message: "a changeset row of \(table) lacks a value its statement needs", sql: sql) }
                try statement.check(sqlite3_bind_value(statement.handle, Int32(offset + 1), value))
            }
            while try statement.step() {}
            return changes
        }
        guard changedRows == 1 else { throw Self.conflict("a row of \(table) is missing or holds other values", sql: sql) }
    }

    /// The statement text for `shape`, built once per connection: its `?`s take `bound`'s new
    /// values, then its old ones, in that order.
    private func changeSQL(for shape: ChangeShape, columnCount: Int, bound: (new: [Int], old: [Int])) throws -> String {
        if let cached = changesetCache.statements[shape] { return cached }
        let columns = try columnNames(of: shape.table).map(SQLIdentifier.quote)
        guard columns.count == columnCount else {
            throw Self.conflict("the changeset has \(columnCount) columns for table \(shape.table), which has \(columns.count) here", sql: nil)
        }
        let table = SQLIdentifier.quote(shape.table)
        let set = bound.new.map { "\(columns[$0]) = ?" }
        let match = bound.old.map { "\(columns[$0]) IS ?" }.joined(separator: " AND ")
        let sql: String
        switch shape.operation {
        case SQLITE_INSERT:
            sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        case SQLITE_DELETE:
            sql = "DELETE FROM \(table) WHERE \(match)"
        default:
            guard !set.isEmpty else { throw StorageError(code: .misuse, message: "a changeset update of \(shape.table) that changes no column", sql: nil) }
            sql = "UPDATE \(table) SET \(set.joined(separator: ", ")) WHERE \(match)"
        }
        changesetCache.statements[shape] = sql
        return sql
    }

    /// Starts the cache over when the schema changed since it was filled (a migration): its
    /// statements name the old columns, and foreign keys may have come or gone.
    private func refreshChangesetCache() throws {
        let version = try queryOne("PRAGMA schema_version") { $0.int64(at: 0) } ?? 0
        guard version != changesetCache.schemaVersion else { return }
        let enforced = try queryOne("PRAGMA foreign_keys") { $0.int64(at: 0) } ?? 0
        let declared = try queryOne("SELECT EXISTS (SELECT 1 FROM sqlite_schema AS s, pragma_foreign_key_list(s.name) WHERE s.type = 'table')") { $0.int64(at: 0) } ?? 0
        changesetCache = ChangesetApplyCache(schemaVersion: version, hasForeignKeys: enforced != 0 && declared != 0)
    }

    /// `table`'s column names in declaration order, the order a changeset lists them in.
    private func columnNames(of table: String) throws -> [String] {
        try query("SELECT name FROM pragma_table_info(?) ORDER BY cid", table) { $0.string(at: 0) }
    }

    private func deferredForeignKeyViolations() throws -> Int32 {
        var current: Int32 = 0
        var highwater: Int32 = 0
        try check(sqlite3_db_status(handle, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highwater, 0), "sqlite3_db_status")
        return current
    }

    /// The error of a row this copy cannot take, as `sqlite3changeset_apply` would abort with it.
    private static func conflict(_ what: String, sql: String?) -> StorageError {
        StorageError(code: StorageError.Code(rawValue: SQLITE_ABORT), message: "the copy disagrees with the changeset's source: \(what)", sql: sql)
    }

    private func check(_ result: Int32, _ call: String) throws {
        guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: handle, sql: call) }
    }
}

/// What `apply` keeps per connection, valid for one schema version.
struct ChangesetApplyCache {
    var schemaVersion: Int64 = -1
    /// Foreign keys are enforced and some table declares one: `apply` must defer their checks.
    var hasForeignKeys = false
    /// The statement text per row shape.
    var statements: [ChangeShape: String] = [:]
}

/// What a changeset row is applied by: its table, operation and (for an update) which columns
/// it changes. One cached statement per shape.
struct ChangeShape: Hashable {
    let table: String
    let operation: Int32
    /// Per column, whether an update changes it; empty for inserts and deletes.
    let changed: [Bool]

    /// The columns whose values a row of this shape binds: new values (every column of an insert,
    /// the changed ones of an update), then old ones to match (every column of a delete, the key
    /// and the changed columns of an update). One rule for the statement and its values.
    func boundColumns(isKey: [Bool]) -> (new: [Int], old: [Int]) {
        let all = Array(isKey.indices)
        switch operation {
        case SQLITE_INSERT: return (all, [])
        case SQLITE_DELETE: return ([], all)
        default: return (all.filter { changed[$0] }, all.filter { isKey[$0] || changed[$0] })
        }
    }
}
