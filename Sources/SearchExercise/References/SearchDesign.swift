import ExerciseKit

/// The choices a sharded search design makes, set by `--set` options or fixed by a named variant.
public struct SearchDesign: Sendable, Hashable {
    /// Which statistics each shard scores with.
    public enum Statistics: String, Sendable, CaseIterable {
        /// Each shard's own document count, lengths and document frequencies: one round trip,
        /// but its ranking differs from one big index (the trap).
        case local
        /// A statistics pass first (every shard's figures for the query's terms, summed), then
        /// every shard scores with the sums: the single-node ranking, for a second round trip.
        case global
    }

    public var statistics: Statistics
    /// Copies of each shard, each on its own node; writes go to all, a search to one.
    public var replicas: Int
    /// Ask a second replica when the first has not answered after about the p95 of recent calls.
    public var hedging: Bool
    /// Where query results are cached (every index and delete invalidates them all).
    public enum Cache: String, Sendable, CaseIterable {
        case off
        /// A cache node of the design's own.
        case node
        /// The cluster's cache tier (`--cache-nodes`), namespaced by a generation key.
        case tier
    }

    public var cache: Cache

    public init(statistics: Statistics = .global, replicas: Int = 1, hedging: Bool = false, cache: Cache = .off) {
        self.statistics = statistics
        self.replicas = replicas
        self.hedging = hedging
        self.cache = cache
    }

    /// Replicas a design may ask for (`--replicas`).
    public static let replicaRange = 1...ClusterConfiguration.maxReplicaCount

    /// "global, 2 replicas, hedged, cached": for summaries and errors.
    public var summary: String {
        var parts = ["\(statistics.rawValue) statistics", "\(replicas) replica\(replicas == 1 ? "" : "s")"]
        if hedging { parts.append("hedged") }
        if cache != .off { parts.append("cached on \(cache == .tier ? "the cache tier" : "its own node")") }
        return parts.joined(separator: ", ")
    }
}
