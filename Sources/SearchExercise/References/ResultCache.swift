import ExerciseKit
import SearchEngine

/// Where a design keeps query results: the cluster's cache tier, or a cache node of its own.
/// Either way a write makes every cached result stale before it returns.
protocol ResultCache: Sendable {
    /// The cached hits for `key` if still valid, else `compute()`'s, stored for later; `hit` tells which.
    func hits(for key: QueryResultCache.Key, compute: @escaping @Sendable () async throws -> [SearchHit]) async throws -> (hits: [SearchHit], hit: Bool)

    /// Every cached result is stale from now on.
    func invalidate() async throws
}

/// A cache node of the design's own (hosted on the cluster), when the cluster has no cache tier.
struct NodeResultCache: ResultCache {
    let node: HostedNodes<QueryResultCache>
    let counters: SearchCounters

    func hits(for key: QueryResultCache.Key, compute: @escaping @Sendable () async throws -> [SearchHit]) async throws -> (hits: [SearchHit], hit: Bool) {
        counters.add(.messages, 2)
        let found = try await node.call(node.nodeIDs[0], kind: .cacheLookup) { $0.lookup(key) }
        if let hits = found.hits { return (hits, true) }
        let hits = try await compute()
        counters.add(.messages, 2)
        try await node.call(node.nodeIDs[0], kind: .cacheStore) { $0.store(key, hits: hits, lookedUp: found.generation) }
        return (hits, false)
    }

    func invalidate() async throws {
        try await node.call(node.nodeIDs[0], kind: .cacheInvalidate) { $0.invalidate() }
    }
}
