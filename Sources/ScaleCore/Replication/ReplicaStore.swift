/// Where one replica keeps its rows: applies replicated row changes atomically and hands back
/// their inverses, so a divergent suffix can be rolled back. `SQLiteReplicaStore` is the real one.
public protocol ReplicaStore: AnyObject, Sendable {
    /// Applies each batch in order, all in one transaction; returns, per batch, the changes that
    /// undo it (the rows' previous values, in reverse order).
    func apply(_ batches: [[RowChange]]) throws(ReplicationError) -> [[RowChange]]

    /// Applies `changes` in one transaction without capturing inverses.
    func write(_ changes: [RowChange]) throws(ReplicationError)

    /// The value of `(table, key)`, or nil if absent.
    func value(table: String, key: String) throws(ReplicationError) -> [UInt8]?

    /// Up to `limit` rows of `table` whose keys start with `keyPrefix`, in key order.
    func rows(table: String, keyPrefix: String, limit: Int) throws(ReplicationError) -> [(key: String, value: [UInt8])]
}
