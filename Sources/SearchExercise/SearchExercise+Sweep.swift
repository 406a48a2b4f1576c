import ExerciseKit

extension SearchExercise {
    /// About a minute on 2 cores: 20,000 documents, 1 s per cell.
    static let defaultSweep = DefaultSweep(
        groups: [
            SweepGroup(
                title: "ranking: each shard's own statistics rank differently from one index; the statistics pass agrees (4 shards, no delay)",
                implementations: ["single-node", "local-statistics", "reference"], scenarios: ["fan-out"],
                parameters: [.init(name: "shards", values: ["4"]), .init(name: "network", values: ["none"])]
            ),
            SweepGroup(
                title: "fan-out: every query waits for its slowest shard, so p99 grows with the shard count (same-zone links, 2 clients)",
                implementations: ["reference"], scenarios: ["fan-out"],
                parameters: [
                    .init(name: "shards", values: ["1", "4", "16"]), .init(name: "network", values: ["same-zone"]),
                    .init(name: "clients", values: ["2"]),
                ]
            ),
            SweepGroup(
                title: "a slow replica: one of 16 nodes answers every message 5 ms late; hedged requests cut the tail (8 shards × 2 replicas, same-zone, 2 clients)",
                implementations: ["reference"], scenarios: ["slow-replica"],
                parameters: [
                    .init(name: "shards", values: ["8"]), .init(name: "network", values: ["same-zone"]),
                    .init(name: "replicas", values: ["2"]), .init(name: "hedging", values: ["off", "on"]), .init(name: "clients", values: ["2"]),
                ]
            ),
            SweepGroup(
                title: "result cache on the cache tier under Zipfian queries, and what 10 % writes (each invalidating it) leave of it (4 shards, same-zone)",
                implementations: ["reference"], scenarios: ["query-heavy", "mixed"],
                parameters: [
                    .init(name: "shards", values: ["4"]), .init(name: "network", values: ["same-zone"]),
                    .init(name: "cache-nodes", values: ["1"]), .init(name: "cache", values: ["off", "tier"]),
                ]
            ),
            SweepGroup(
                title: "indexing: documents per second, one node vs 4 shards (no delay)",
                implementations: ["single-node", "reference"], scenarios: ["indexing"],
                parameters: [.init(name: "shards", values: ["4"]), .init(name: "network", values: ["none"])]
            ),
        ],
        durationNanos: 1_000_000_000, warmupNanos: 300_000_000, keyCount: 20_000
    )
}
