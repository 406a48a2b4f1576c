import ExerciseKit
import ScaleCore
import SearchEngine

/// Where a sharded search design's engines run: `shardCount × replicas` nodes, each a
/// `SearchEngine` persisted in its node's file, documents placed by a hash of their id. Built once
/// per cluster and shared by every service instance over it.
public struct SearchNodes: Sendable {
    public let engines: HostedNodes<SearchEngine>
    public let shardCount: Int
    public let replicas: Int

    /// The cluster's engine nodes for `shardCount` shards of `replicas` copies (built on first use).
    public static func on(_ cluster: Cluster, shardCount: Int, replicas: Int) throws -> SearchNodes {
        let engines = try cluster.hostedNodes("search-engines", count: shardCount * replicas, open: openEngine)
        return SearchNodes(engines: engines, shardCount: shardCount, replicas: replicas)
    }

    /// An engine on the node's file, or in memory when the cluster keeps nodes in memory.
    @Sendable public static func openEngine(_ context: HostedNodeContext) throws -> SearchEngine {
        guard let path = context.path else { return SearchEngine() }
        return try SearchEngine(path: path)
    }

    /// The shard that holds document `id`.
    public func shard(of id: UInt64) -> Int {
        Int(truncatingIfNeeded: StableHash.mix(id) % UInt64(shardCount))
    }

    /// The nodes holding a copy of `shard`.
    public func replicaNodes(of shard: Int) -> ArraySlice<NodeID> {
        engines.nodeIDs[(shard * replicas)..<((shard + 1) * replicas)]
    }
}
