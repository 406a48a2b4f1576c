import ExerciseKit
import SearchExercise
import Testing

/// A deliberately buggy design and the check that must reject it.
typealias BuggyCase = CheckProof<any SearchService>

/// The designs each SearchService check is proven by: every check fails against at least one.
enum BuggySearchServices {
    static func naive(_ name: String, _ summary: String, _ adjust: @escaping @Sendable (inout NaiveKnobs) -> Void = { _ in }) -> Implementation<any SearchService> {
        Implementation(name, summary) { cluster in
            var knobs = NaiveKnobs()
            adjust(&knobs)
            return try NaiveShardedSearch(cluster: cluster, knobs: knobs)
        }
    }

    /// The naive base with no bug switched on: it must pass every check.
    static let control = naive("naive", "engines on hosted nodes, a statistics pass, every shard's top k merged")

    static let localStatistics = SearchExercise.references.first { $0.name == "local-statistics" }!

    static let cases: [BuggyCase] = [
        BuggyCase(localStatistics, caughtBy: "top-k-equals-single-node", saying: "one index scores it"),
        BuggyCase(localStatistics, caughtBy: "matches-single-node", saying: "the specification answers"),
        BuggyCase(
            naive("top-1-merge", "the merge keeps only each shard's best hit") { $0.mergeTopOnePerShard = true },
            caughtBy: "top-k-equals-single-node", saying: "hits, one index returns"
        ),
        BuggyCase(
            naive("cache-forgets-deletes", "a result cache node cleared by index but not by delete") { $0.cacheForgetsDeletes = true },
            caughtBy: "deleted-never-returned", saying: "right after delete("
        ),
        BuggyCase(
            naive("refresh-interval", "index acknowledged at once, applied 3 ms later") { $0.applyDelayNanos = 3_000_000 },
            caughtBy: "searchable-after-index", saying: "right after index returned"
        ),
        BuggyCase(
            naive("truncating", "a query past 64 terms is cut instead of refused") { $0.truncateLongQueries = true },
            caughtBy: "awkward-queries", saying: "expected a refusal with invalidQuery"
        ),
        BuggyCase(
            naive("in-memory-engines", "engines in memory: a restarted node comes back empty") { $0.inMemoryEngines = true },
            caughtBy: "survives-node-restart", saying: "restarted"
        ),
        BuggyCase(
            naive("instance-cache", "a result cache in the service object: another instance's writes never clear it") { $0.cacheInServiceMemory = true },
            caughtBy: "matches-single-node", saying: "search("
        ),
    ]
}
