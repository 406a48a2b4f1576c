/// The cache tier a cluster starts with: how many cache nodes, how much each holds, and the TTL of
/// an entry set without one. `nodeCount` 0 (the default) means no tier.
public struct CacheTierConfiguration: Sendable, Hashable {
    /// Cache nodes on the network (0 = no cache tier), at most `maximumNodeCount`.
    public var nodeCount: Int
    /// Bytes each node holds (keys, values and `entryOverheadBytes` per entry) before it evicts.
    public var byteCapacityPerNode: Int
    /// Entries each node holds before it evicts; nil = as many as `byteCapacityPerNode` allows at
    /// `entryOverheadBytes` each (bytes bind first). Set it to size a tier in keys, e.g. a share of a run's users.
    public var entryCapacityPerNode: Int?
    /// Lifetime of an entry set without its own TTL; nil = until evicted or deleted.
    public var defaultTTLNanos: UInt64?

    /// Most cache nodes a cluster may have: more only measures the 2-core host, not the design.
    public static let maximumNodeCount = 16
    /// Smallest and largest byte capacity of one node (64 KiB … 4 GiB).
    public static let byteCapacityRange = (64 << 10)...(4 << 30)
    /// Longest default TTL (one day).
    public static let maximumTTLNanos: UInt64 = 86_400_000_000_000
    /// Bytes charged per entry beyond key and value, as a memcached item header costs.
    public static let entryOverheadBytes = 48
    /// Lock shards of a node's LRU: an entry capacity holds at least one entry per shard.
    public static let lockShardCount = 16
    /// Smallest and largest entry capacity of one node.
    public static let entryCapacityRange = lockShardCount...(1 << 26)

    /// Creates a configuration; `validate()` checks it.
    public init(nodeCount: Int = 0, byteCapacityPerNode: Int = 64 << 20, entryCapacityPerNode: Int? = nil, defaultTTLNanos: UInt64? = nil) {
        self.nodeCount = nodeCount
        self.byteCapacityPerNode = byteCapacityPerNode
        self.entryCapacityPerNode = entryCapacityPerNode
        self.defaultTTLNanos = defaultTTLNanos
    }

    /// Throws a one-line `ClusterError` naming the value and its allowed range.
    public func validate() throws(ClusterError) {
        guard (0...Self.maximumNodeCount).contains(nodeCount) else {
            throw ClusterError("cache node count \(nodeCount) is out of range; use 0 (no cache tier) to \(Self.maximumNodeCount)")
        }
        guard Self.byteCapacityRange.contains(byteCapacityPerNode) else {
            throw ClusterError("cache bytes per node \(byteCapacityPerNode) is out of range; use 64 KiB to 4 GiB")
        }
        if let entryCapacityPerNode, !Self.entryCapacityRange.contains(entryCapacityPerNode) {
            throw ClusterError("cache entries per node \(entryCapacityPerNode) is out of range; use \(Self.entryCapacityRange.lowerBound) to \(Self.entryCapacityRange.upperBound)")
        }
        if let defaultTTLNanos, defaultTTLNanos == 0 || defaultTTLNanos > Self.maximumTTLNanos {
            throw ClusterError("cache TTL \(defaultTTLNanos) ns is out of range; use 1 ns to 24 h, or none")
        }
    }
}

extension ClusterConfiguration {
    /// Cache nodes the cluster starts with (0 = no cache tier); shorthand for `cacheTier.nodeCount`.
    public var cacheNodeCount: Int {
        get { cacheTier.nodeCount }
        set { cacheTier.nodeCount = newValue }
    }
}
