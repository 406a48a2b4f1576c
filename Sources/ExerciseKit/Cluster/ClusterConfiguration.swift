import ScaleCore

/// Everything the harness needs to build a cluster, identical for `mine` and the references.
public struct ClusterConfiguration: Sendable, Hashable {
    /// Where nodes keep their data.
    public enum StorageMode: String, Sendable, Hashable, CaseIterable {
        /// One SQLite file per node (WAL) in the cluster's working folder: the default.
        case file
        /// One private in-memory SQLite database per node.
        case memory
    }

    /// Shards the data starts on (one storage node each, times `replicaCount`).
    public var shardCount: Int
    /// Copies of each shard (1 = no replication): a replica set of SQLite nodes with failover.
    public var replicaCount: Int
    /// When a replicated shard acknowledges a write.
    public var replication: ClusterReplication = .sync
    /// Which replica serves a read of a replicated shard.
    public var reads: ClusterReads = .primary
    /// How long a replicated shard's primary may be silent before a secondary takes over. Loose
    /// by default, so a 2-core machine busy loading data does not fail a healthy primary over
    /// (the timers share the cooperative pool with the load); checks that kill a primary on
    /// purpose shorten it. The primary's lease is 70 % of it, a write waits at most 5 times it.
    public var failoverTimeoutNanos: UInt64 = 1_000_000_000
    /// One-way delay of every client→node and node→node message.
    public var networkDelay: LatencyDistribution
    public var storageMode: StorageMode
    /// Partitioning strategy name the design should use: `hash-mod`, `ring`, `range`, `directory`.
    public var partitioner: String
    /// Virtual nodes per shard for the `ring` partitioner.
    public var virtualNodeCount: Int
    /// Exercise-specific design options (e.g. `email-lookup=global-index`).
    public var options: [String: String]
    public var seed: UInt64
    /// Parent folder for the cluster's working folder; nil = the system temporary folder.
    public var parentDirectory: String?
    /// Orders of a sample of the keys the scenario loads, one group per kind of key, so a range
    /// partitioner can pre-split where the data is (filled by the bench from `Scenario.loadedKeySample`).
    public var rangeKeyOrderGroups: [[UInt64]] = []
    /// The cache tier on the network (none by default); see `Cluster.cache`.
    public var cacheTier = CacheTierConfiguration()

    public init(
        shardCount: Int = 4,
        replicaCount: Int = 1,
        networkDelay: LatencyDistribution = .none,
        storageMode: StorageMode = .file,
        partitioner: String = "ring",
        virtualNodeCount: Int = 128,
        options: [String: String] = [:],
        seed: UInt64 = 42,
        parentDirectory: String? = nil
    ) {
        self.shardCount = shardCount
        self.replicaCount = replicaCount
        self.networkDelay = networkDelay
        self.storageMode = storageMode
        self.partitioner = partitioner
        self.virtualNodeCount = virtualNodeCount
        self.options = options
        self.seed = seed
        self.parentDirectory = parentDirectory
    }

    /// Storage nodes the cluster starts with.
    public var initialNodeCount: Int { shardCount * replicaCount }

    /// Network node ids a cluster can hand out beyond its initial nodes: added shards, cache
    /// nodes, queues, endpoints, coordinators (the network counts each one individually).
    public static let spareNodeCount = 64

    /// Most shards and replicas a cluster takes: beyond these a 2-core machine only measures its scheduler.
    public static let maxShardCount = 64
    public static let maxReplicaCount = 5

    /// Throws a one-line error naming the value to fix.
    public func validate() throws {
        guard (1...Self.maxShardCount).contains(shardCount) else {
            throw ClusterError("a cluster takes 1 to \(Self.maxShardCount) shards; got \(shardCount)")
        }
        guard (1...Self.maxReplicaCount).contains(replicaCount) else {
            throw ClusterError("a shard takes 1 to \(Self.maxReplicaCount) replicas; got \(replicaCount)")
        }
        guard (50_000_000...60_000_000_000).contains(failoverTimeoutNanos) else {
            throw ClusterError("a failover timeout takes 50 ms to 60 s; got \(failoverTimeoutNanos / 1_000_000) ms")
        }
    }
}
