import ExerciseKit
import ScaleCore
import SearchEngine
import SearchExercise

/// YOUR SearchService. Read Exercises/Search/README.md, then replace each `throw Unimplemented()`
/// with real code. `scalebench check search` tells you which method to write next.
///
/// The harness builds the cluster and hands it to you (the reference designs in
/// Sources/SearchExercise/References/ get exactly the same one and use exactly this API):
/// - `cluster.configuration.shardCount` is the number of shards to split the documents over;
///   `cluster.configuration.replicaCount` the copies of each (`--replicas`), and
///   `cluster.configuration.options` the `--set` design options (`hedging`, `cache`, …).
/// - Search nodes: `try cluster.hostedNodes("engines", count: n) { context in … }` starts `n`
///   network nodes, each running the state your closure opens, once per cluster (a second service
///   instance gets the same nodes back). Open a `SearchEngine(path: context.path!)` there (an
///   in-memory `SearchEngine()` when `context.path` is nil): every `index` is logged durably, so
///   a node restart (`cluster.restartNode`) reopens it with every acknowledged document.
/// - Reach a node only across the network: `try await engines.call(engines.nodeIDs[i]) { engine in
///   try engine.search(query, k: k, mode: mode, statistics: global) }` (delays, faults and message
///   counts apply; the closure runs "on" the node).
/// - The engine: `index(_:)`, `delete(id:)`, `search(_:k:mode:statistics:)`,
///   `searchCounting(…)` (also returns documents scored), `localStatistics(forQuery:)` and
///   `CollectionStatistics.sum(_:)` to score every shard with the whole collection's figures,
///   `SearchEngine.queryTokens(_:)` to validate a query up front.
/// - `try cluster.shared("name") { … }` builds anything else every instance must share, once;
///   `try cluster.cacheClient()` reaches the cache tier when the bench runs with `--cache-nodes`.
/// - Keep no documents or results in this object: `check` builds a second instance over the same
///   cluster (a restarted app server) and requires it to see everything.
public final class MySearchService: SearchService {
    let cluster: Cluster

    /// May throw: starting hosted nodes does.
    public init(cluster: Cluster) throws {
        self.cluster = cluster
    }

    public func index(_ documents: [Document]) async throws {
        throw Unimplemented()
    }

    public func delete(id: UInt64) async throws -> Bool {
        throw Unimplemented()
    }

    public func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        throw Unimplemented()
    }
}
