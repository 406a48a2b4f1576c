import ScaleCore

/// The shard layout of a cluster: one shard map and the node each shard lives on. The cluster
/// owns it, like a configuration service, so every service instance over the cluster (a restarted
/// or second app server) routes by the same layout, also after a shard was added.
@usableFromInline
final class ClusterShards: Sendable {
    @usableFromInline let map: ShardMap<AnyPartitioner>
    let strategy: PartitionStrategy
    // Guarded by the lock: a shard added while serving gets its node here before the map names it.
    private let nodeOfShard: Locked<[ShardID: NodeID]>
    // One shard added at a time: the mover refuses a second migration anyway, this says why sooner.
    let resharding = Locked(false)
    /// Replicated shards' writes pass in shared; a move's copy page and drains take it alone.
    let writeGate = MoveGate()
    /// Replicated shards' reads pass in shared; the flip drains them before moved rows go.
    let readGate = MoveGate()

    init(map: ShardMap<AnyPartitioner>, strategy: PartitionStrategy, nodeOfShard: [ShardID: NodeID]) {
        self.map = map
        self.strategy = strategy
        self.nodeOfShard = Locked(nodeOfShard)
    }

    /// The network node that holds `shard`.
    @usableFromInline
    func node(of shard: ShardID) throws -> NodeID {
        guard let node = nodeOfShard.withLock({ $0[shard] }) else {
            throw ClusterError("shard \(shard.rawValue) has no node; the layout names only \(nodeOfShard.withLock { $0.keys.map(\.rawValue).sorted() })")
        }
        return node
    }

    /// Records that `shard` lives on `node` (before the map routes to it).
    func place(_ shard: ShardID, on node: NodeID) {
        nodeOfShard.withLock { $0[shard] = node }
    }

    /// Forgets `shard` (a move that added it was rolled back).
    func unplace(_ shard: ShardID) {
        nodeOfShard.withLock { $0[shard] = nil }
    }

    /// The next unused shard number.
    var nextShard: ShardID { ShardID((nodeOfShard.withLock { $0.keys.map(\.rawValue).max() } ?? -1) + 1) }
}
