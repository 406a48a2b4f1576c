import ExerciseKit

/// What `scalebench bench booking` and `make bench` run given no options: about a minute.
enum BookingSweep {
    static let defaultSweep = DefaultSweep(
        groups: [
            SweepGroup(
                title: "hold+confirm on 1 shard over the SQLite floor's same two transactions: conditional UPDATE vs read-then-update",
                implementations: ["reference"], scenarios: ["uniform"],
                parameters: [.init(name: "shards", values: ["1"]), .init(name: "claim", values: ["conditional", "transaction"])]
            ),
            SweepGroup(
                title: "the hot event (any seat): all on one shard vs its sections spread over 4 shards",
                implementations: ["reference"], scenarios: ["hot-event"],
                parameters: [.init(name: "shards", values: ["4"]), .init(name: "hot-event", values: ["one-shard", "split-sections"])]
            ),
            SweepGroup(
                title: "the on-sale burst (90% after the best 10% of seats), 64 buyers over same-zone links: straight at the event's shard vs through a waiting room letting 8 in at a time",
                implementations: ["reference"], scenarios: ["on-sale-burst"],
                parameters: [
                    .init(name: "shards", values: ["4"]), .init(name: "clients", values: ["64"]), .init(name: "network", values: ["same-zone"]),
                    .init(name: "hot-event", values: ["one-shard", "waiting-room"]),
                ]
            ),
            SweepGroup(
                title: "the primary crashes during the burst: sync vs async replication (3 replicas)",
                implementations: ["reference"], scenarios: ["failover-burst"],
                parameters: [
                    .init(name: "shards", values: ["2"]), .init(name: "replicas", values: ["3"]),
                    .init(name: "replication", values: ["sync", "async"]),
                ]
            ),
            SweepGroup(
                title: "browsing: availability from the primary vs any replica (3 replicas, async)",
                implementations: ["reference"], scenarios: ["browsing"],
                parameters: [
                    .init(name: "shards", values: ["2"]), .init(name: "replicas", values: ["3"]),
                    .init(name: "replication", values: ["async"]), .init(name: "availability", values: ["primary", "replica"]),
                ]
            ),
            SweepGroup(
                title: "cross-shard trips (a saga) and abandoned holds",
                implementations: ["reference"], scenarios: ["trips", "abandoned-holds"],
                parameters: [.init(name: "shards", values: ["4"])]
            ),
        ],
        durationNanos: 1_500_000_000, warmupNanos: 200_000_000, keyCount: 100_000
    )
}
