import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A replica's rows in a SQLite `StorageNode`, one table for all logical tables:
/// `replicated_rows(tbl, key, value)` keyed by `(tbl, key)`. Each `apply` is one write
/// transaction that also reads the rows' previous values (the inverses used for rollback).
///
/// Exercises read replicated rows through `ReplicaSet.read` / `scan`, or with SQL on
/// `node` against `SQLiteReplicaStore.tableName` (a secondary's node reflects what it applied).
public final class SQLiteReplicaStore: KeyValueReplicaStore {
    /// The storage node holding the rows.
    public let node: StorageNode

    /// The SQL table the rows live in.
    public static let tableName = "replicated_rows"

    /// The store's schema history (component "replication").
    public static let migrations = SchemaMigrations(component: "replication", steps: [
        SchemaMigration(version: 1, name: "create replicated_rows", sql: """
            CREATE TABLE replicated_rows (tbl TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
            PRIMARY KEY (tbl, key)) WITHOUT ROWID
            """),
    ])

    private static let selectSQL = "SELECT value FROM replicated_rows WHERE tbl = ? AND key = ?"
    private static let upsertSQL = "INSERT INTO replicated_rows (tbl, key, value) VALUES (?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value"
    private static let deleteSQL = "DELETE FROM replicated_rows WHERE tbl = ? AND key = ?"
    private static let scanSQL = "SELECT key, value FROM replicated_rows WHERE tbl = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?"

    /// A store on `node`, creating its table if needed.
    public init(node: StorageNode) throws(ReplicationError) {
        self.node = node
        try Self.storage { _ = try node.migrate(Self.migrations) }
    }

    /// A store on a fresh in-memory node named `name`.
    public static func inMemory(name: String) throws(ReplicationError) -> SQLiteReplicaStore {
        let node = try storage { try StorageNode(name: name, options: .memory) }
        return try SQLiteReplicaStore(node: node)
    }

    /// Applies the batches in one write transaction, reading each row's previous value first.
    public func apply(_ batches: [[RowChange]]) throws(ReplicationError) -> [[RowChange]] {
        try Self.storage {
            try node.applyCapturingInverses(batches) { change, connection in
                let previous = try connection.queryOne(Self.selectSQL, change.table, change.key) { $0.bytes(at: 0) }
                try Self.write(change, on: connection)
                return RowChange(table: change.table, key: change.key, value: previous)
            }
        }
    }

    /// Applies `changes` in one write transaction.
    public func write(_ changes: [RowChange]) throws(ReplicationError) {
        try Self.storage {
            try node.write { connection in
                for change in changes { try Self.write(change, on: connection) }
            }
        }
    }

    /// The row's value, read on a read connection.
    public func value(table: String, key: String) throws(ReplicationError) -> [UInt8]? {
        try Self.storage {
            try node.read { connection in try connection.queryOne(Self.selectSQL, table, key) { $0.bytes(at: 0) } }
        }
    }

    /// A prefix range scan on the `(tbl, key)` primary key.
    public func rows(table: String, keyPrefix: String, limit: Int) throws(ReplicationError) -> [(key: String, value: [UInt8])] {
        // Keys starting with the prefix sort between it and the prefix followed by the highest scalar.
        let upperBound = keyPrefix + "\u{10FFFF}"
        return try Self.storage {
            try node.read { connection in
                try connection.query(Self.scanSQL, table, keyPrefix, upperBound, max(0, limit)) { row in
                    (key: row.string(at: 0), value: row.bytes(at: 1))
                }
            }
        }
    }

    private static func write(_ change: RowChange, on connection: SQLiteConnection) throws {
        if let value = change.value {
            try connection.run(upsertSQL, change.table, change.key, value)
        } else {
            try connection.run(deleteSQL, change.table, change.key)
        }
    }

    /// Runs `body`, reporting storage failures as `ReplicationError(.storage)`.
    private static func storage<T>(_ body: () throws -> T) throws(ReplicationError) -> T {
        do {
            return try body()
        } catch {
            throw ReplicationError(.storage, "\(error)")
        }
    }
}
