import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// Where one replica keeps its rows: applies replicated row changes atomically and hands back
/// their inverses, so a divergent suffix can be rolled back. `SQLiteReplicaStore` (key-value rows) and
/// `SQLiteChangesetStore` (an exercise's own SQL tables) are the real ones.
public protocol ReplicaStore: AnyObject, Sendable {
    /// Applies each batch in order, all in one transaction; returns, per batch, the changes that
    /// undo it (the rows' previous values, in reverse order).
    func apply(_ batches: [[RowChange]]) throws(ReplicationError) -> [[RowChange]]

    /// Applies `changes` in one transaction without capturing inverses.
    func write(_ changes: [RowChange]) throws(ReplicationError)
}

/// A replica store in the key-value row model: rows are read back by `(table, key)`.
public protocol KeyValueReplicaStore: ReplicaStore {
    /// The value of `(table, key)`, or nil if absent.
    func value(table: String, key: String) throws(ReplicationError) -> [UInt8]?

    /// Up to `limit` rows of `table` whose keys start with `keyPrefix`, in key order.
    func rows(table: String, keyPrefix: String, limit: Int) throws(ReplicationError) -> [(key: String, value: [UInt8])]
}

extension StorageNode {
    /// Applies every batch in one write transaction through `applyOne`, which returns the change
    /// that undoes the one it applied; gives back each batch's undo changes in reverse order.
    func applyCapturingInverses(_ batches: [[RowChange]], _ applyOne: (RowChange, SQLiteConnection) throws -> RowChange) throws -> [[RowChange]] {
        try write { connection in
            try batches.map { batch in try batch.map { try applyOne($0, connection) }.reversed() }
        }
    }
}
