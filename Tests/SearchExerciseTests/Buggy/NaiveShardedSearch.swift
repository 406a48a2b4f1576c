import ExerciseKit
import ScaleCore
import SearchEngine
import SearchExercise

/// The sharded design the buggy cases start from, written on the public API as a learner would:
/// engines hosted on the cluster's nodes, a statistics pass, a heap-free merge. Each knob breaks
/// one property; with none set it passes every check (the control).
struct NaiveKnobs: Sendable {
    /// Score every shard with its own statistics.
    var localStatistics = false
    /// Keep only each shard's best hit when merging.
    var mergeTopOnePerShard = false
    /// Engines in memory: a node restart loses them.
    var inMemoryEngines = false
    /// Acknowledge `index` at once and apply it this much later (a refresh interval).
    var applyDelayNanos: UInt64?
    /// Answer past 64 terms by cutting the query instead of refusing it.
    var truncateLongQueries = false
    /// A result cache node cleared by `index` but not by `delete`.
    var cacheForgetsDeletes = false
    /// A result cache in the service object itself: another instance never clears it.
    var cacheInServiceMemory = false
}

final class NaiveShardedSearch: SearchService {
    let cluster: Cluster
    let knobs: NaiveKnobs
    let engines: HostedNodes<SearchEngine>
    let cacheNode: HostedNodes<Locked<[String: [SearchHit]]>>?
    let localCache = Locked<[String: [SearchHit]]>([:])

    init(cluster: Cluster, knobs: NaiveKnobs) throws {
        self.cluster = cluster
        self.knobs = knobs
        let inMemory = knobs.inMemoryEngines
        engines = try cluster.hostedNodes("naive-engines", count: cluster.configuration.shardCount) { context in
            guard let path = context.path, !inMemory else { return SearchEngine() }
            return try SearchEngine(path: path)
        }
        cacheNode = knobs.cacheForgetsDeletes ? try cluster.hostedNodes("naive-cache", count: 1) { _ in Locked([:]) } : nil
    }

    func node(of id: UInt64) -> NodeID {
        engines.nodeIDs[Int(StableHash.mix(id) % UInt64(engines.nodeIDs.count))]
    }

    func index(_ documents: [Document]) async throws {
        for document in documents {
            let engines = engines
            let node = node(of: document.id)
            if let delay = knobs.applyDelayNanos {
                Task {
                    await PreciseSleeper.shared.sleep(nanos: delay)
                    try await engines.call(node) { try $0.index(document) }
                }
            } else {
                try await engines.call(node) { try $0.index(document) }
            }
        }
        if let cacheNode { try await cacheNode.call(cacheNode.nodeIDs[0]) { $0.withLock { $0.removeAll() } } }
        localCache.withLock { $0.removeAll() }
    }

    func delete(id: UInt64) async throws -> Bool {
        let deleted = try await engines.call(node(of: id)) { try $0.delete(id: id) }
        localCache.withLock { $0.removeAll() }
        return deleted
    }

    func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        let query = knobs.truncateLongQueries ? Unicode61Tokens.first(SearchEngine.maxQueryTerms, of: query) : query
        guard (1...SearchEngine.maxResults).contains(k) else { throw SearchServiceError(.invalidQuery, "k out of range") }
        guard try !SearchEngine.queryTokens(query).isEmpty else { return [] }
        let key = "\(query)|\(k)|\(mode)"
        if knobs.cacheInServiceMemory, let hit = localCache.withLock({ $0[key] }) { return hit }
        if let cacheNode, let hit = try await cacheNode.call(cacheNode.nodeIDs[0], { $0.withLock { $0[key] } }) { return hit }
        var statistics: CollectionStatistics?
        if !knobs.localStatistics {
            var parts: [CollectionStatistics] = []
            for node in engines.nodeIDs { parts.append(try await engines.call(node) { try $0.localStatistics(forQuery: query) }) }
            statistics = CollectionStatistics.sum(parts)
        }
        var all: [SearchHit] = []
        for node in engines.nodeIDs {
            let hits = try await engines.call(node) { [statistics] in try $0.search(query, k: k, mode: mode, statistics: statistics) }
            all += knobs.mergeTopOnePerShard ? Array(hits.prefix(1)) : hits
        }
        let merged = Array(all.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(k))
        if knobs.cacheInServiceMemory { localCache.withLock { $0[key] = merged } }
        if let cacheNode { try await cacheNode.call(cacheNode.nodeIDs[0]) { $0.withLock { $0[key] = merged } } }
        return merged
    }
}

/// A query cut to its first terms, as a careless service might "handle" a long one.
enum Unicode61Tokens {
    static func first(_ count: Int, of query: String) -> String {
        query.split(whereSeparator: \.isWhitespace).prefix(count).joined(separator: " ")
    }
}
