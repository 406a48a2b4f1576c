import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A replica whose rows live in an exercise's own SQL tables on a `StorageNode`: the primary runs
/// the exercise's write transaction, SQLite's session extension records the rows it changed, and
/// every replica applies that changeset (row-based replication, as MySQL's binlog in ROW format).
///
/// In the log a changeset travels as one `RowChange` addressed to `changesetTable`; a batch may
/// hold several. The primary commits the transaction itself (`executeCommitting`) and keeps the
/// inverse as its undo record; secondaries `apply`. Rollback applies the inverted changeset. A
/// replica whose rows disagree with a changeset's old values fails instead of guessing.
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

    /// Runs `body` in a write transaction and commits it, capturing the rows it changed: the
    /// primary's own copy of a log entry it is about to append. Returns the entry's changes and
    /// their inverse (the undo record); a body that changed nothing is rolled back and returns
    /// none. Errors `body` throws come back unchanged and write nothing.
    public func executeCommitting<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> (value: T, changes: [RowChange], inverse: [RowChange]) {
        let (value, changeset, inverse) = try node.writeRecordingChanges(body)
        guard !changeset.isEmpty else { return (value, [], []) }
        return (value, [Self.change(changeset)], [Self.change(inverse)])
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
