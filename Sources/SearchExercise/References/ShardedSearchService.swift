import ExerciseKit
import ScaleCore
import SearchEngine
import Synchronization

/// Document-partitioned search: each document on the shard `hash(id)` picks, every shard copied
/// on `replicas` nodes running a `SearchEngine`. A search asks one replica of every shard
/// (scatter-gather) and merges their top-k with a heap; with global statistics a statistics pass
/// comes first so every shard scores as one big index would. Optionally hedged and cached.
public final class ShardedSearchService: SearchService {
    let cluster: Cluster
    let design: SearchDesign
    let nodes: SearchNodes
    let cache: (any ResultCache)?
    let counters: SearchCounters
    let latencies = LatencyTracker()
    // Spreads searches over the replicas of each shard.
    let nextReplicaCounter = Atomic<UInt64>(0)

    public init(cluster: Cluster, design: SearchDesign) throws {
        guard SearchDesign.replicaRange.contains(design.replicas) else {
            throw ExerciseError("replicas = \(design.replicas) is outside \(SearchDesign.replicaRange); use 1 to \(SearchDesign.replicaRange.upperBound)")
        }
        self.cluster = cluster
        self.design = design
        nodes = try SearchNodes.on(cluster, shardCount: cluster.configuration.shardCount, replicas: design.replicas)
        counters = try SearchCounters.on(cluster)
        cache = try Self.resultCache(design.cache, on: cluster, counters: counters)
    }

    public func index(_ documents: [Document]) async throws {
        var byShard: [Int: [Document]] = [:]
        for document in documents { byShard[nodes.shard(of: document.id), default: []].append(document) }
        let engines = nodes.engines
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (shard, batch) in byShard {
                for node in nodes.replicaNodes(of: shard) {
                    group.addTask { try await engines.call(node, kind: .searchIndex) { try $0.index(batch) } }
                }
            }
            try await group.waitForAll()
        }
        counters.add(.documentsIndexed, UInt64(documents.count))
        try await invalidateCache()
    }

    public func delete(id: UInt64) async throws -> Bool {
        let engines = nodes.engines
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for node in nodes.replicaNodes(of: nodes.shard(of: id)) {
                group.addTask { try await engines.call(node, kind: .searchDelete) { try $0.delete(id: id) } }
            }
            return try await group.reduce(false) { $0 || $1 }
        }
        if found { try await invalidateCache() }
        return found
    }

    /// Makes every cached result stale before the write returns.
    private func invalidateCache() async throws {
        try await cache?.invalidate()
    }

    /// The result cache `choice` names, if any.
    static func resultCache(_ choice: SearchDesign.Cache, on cluster: Cluster, counters: SearchCounters) throws -> (any ResultCache)? {
        switch choice {
        case .off:
            return nil
        case .tier:
            guard cluster.configuration.cacheNodeCount > 0 else {
                throw ExerciseError("cache=tier needs the cluster's cache tier; add --cache-nodes 1 (or use cache=node)")
            }
            return TierResultCache(client: try cluster.cacheClient(), counters: counters)
        case .node:
            return NodeResultCache(node: try cluster.hostedNodes("query-cache", count: 1) { _ in try QueryResultCache() }, counters: counters)
        }
    }
}
