import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A replica whose rows live in an exercise's own SQL tables on a `StorageNode`: the primary runs
/// the exercise's write transaction, SQLite's session extension records the rows it changed, and
/// every replica applies that changeset (row-based replication, as MySQL's binlog in ROW format).
///
/// In the log a changeset travels as one `RowChange` addressed to `changesetTable`; a batch may
/// hold several. Rollback applies the inverted changeset. A replica whose rows disagree with a
/// changeset's old values fails instead of guessing.
public final class SQLiteChangesetStore: ReplicaStore {
    /// The storage node holding the tables (migrated with the exercise's schema on every replica).
    public let node: StorageNode

    /// The table name that marks a `RowChange` as a SQLite changeset.
    public static let changesetTable = "sqlite.changeset"

    /// A store on `node`. Throws when a table has no PRIMARY KEY: its writes could not be replicated.
    public init(node: StorageNode) throws(ReplicationError) {
        self.node = node
        let unkeyed = try Self.storage { try node.read { try $0.tablesWithoutPrimaryKey() } }
        guard unkeyed.isEmpty else {
            throw ReplicationError(.invalidConfiguration, "table(s) \(unkeyed.joined(separator: ", ")) have no PRIMARY KEY, so their rows cannot be replicated; declare one")
        }
    }

    /// Runs `body` in a write transaction, captures the rows it changed and rolls back: the caller
    /// logs the changes and applies them through `apply`, so the primary and its replicas take
    /// the same path. Errors `body` throws come back unchanged.
    public func execute<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> (value: T, changes: [RowChange]) {
        // Not `node.write`: this transaction always rolls back, and must not count as a failed write.
        try node.withWriteConnection { connection in
            try connection.run("BEGIN IMMEDIATE")
            defer { if connection.isInTransaction { _ = try? connection.run("ROLLBACK") } }
            let (value, changeset) = try connection.recordingChanges { try body(connection) }
            return (value, changeset.isEmpty ? [] : [Self.change(changeset)])
        }
    }

    /// Applies each batch's changesets in one transaction; returns each batch's inverse.
    public func apply(_ batches: [[RowChange]]) throws(ReplicationError) -> [[RowChange]] {
        try Self.storage {
            try node.applyCapturingInverses(batches) { change, connection in
                let changeset = try Self.changeset(change)
                try connection.apply(changeset)
                return Self.change(try changeset.inverted())
            }
        }
    }

    /// Applies `changes` (inverses during a rollback) in one transaction.
    public func write(_ changes: [RowChange]) throws(ReplicationError) {
        try Self.storage {
            try node.write { connection in
                for change in changes { try connection.apply(try Self.changeset(change)) }
            }
        }
    }

    static func change(_ changeset: SQLiteChangeset) -> RowChange {
        RowChange(table: changesetTable, key: "", value: changeset.bytes)
    }

    static func changeset(_ change: RowChange) throws -> SQLiteChangeset {
        guard change.table == changesetTable, let bytes = change.value else {
            throw ReplicationError(.storage, "\(change) is not a SQLite changeset; this store replicates only changesets")
        }
        return SQLiteChangeset(bytes: bytes)
    }

    private static func storage<T>(_ body: () throws -> T) throws(ReplicationError) -> T {
        do {
            return try body()
        } catch let error as ReplicationError {
            throw error
        } catch {
            throw ReplicationError(.storage, "\(error)")
        }
    }
}
