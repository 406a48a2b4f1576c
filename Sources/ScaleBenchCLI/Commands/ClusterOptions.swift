import ArgumentParser

/// Options of exercise benches: which implementations and scenarios, and the cluster they run
/// on. Each takes a comma list and sweeps. Given none of them, the exercise's default sweep runs.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Implementations, e.g. mine,reference (see `scalebench list`).")
    var impl: String?

    @Option(help: "Scenarios (workloads) of the exercise, e.g. read-heavy,email-lookup.")
    var scenario: String?

    @Option(help: "Shard counts, e.g. 1,2,4,8 (default 4).")
    var shards: String?

    @Option(help: "Network profiles: none, same-zone, cross-zone, cross-region, or a distribution like lognormal:1ms:0.3 (default none).")
    var network: String?

    @Option(help: "Node storage: file (SQLite WAL files, default) or memory.")
    var storage: String?

    @Option(help: "Partitioners: hash-mod, ring, range, directory (default ring).")
    var partitioner: String?

    @Option(help: "Replicas per shard, 1 to 5, e.g. 1,3 (default 1). With more than 1, choose --set replication=sync,quorum,async and --set reads=primary,any,read-your-writes.")
    var replicas: String?

    @Option(help: "Cache nodes of the cluster's cache tier, 0 to 16, e.g. 0,4 (default 0: no cache tier).")
    var cacheNodes: String?

    @Flag(inversion: .prefixedNo, help: "Include the raw-SQLite floor rows.")
    var floor = true

    /// True when the user chose any part of the design, so the default sweep does not apply.
    var choosesDesign: Bool {
        [impl, scenario, shards, network, storage, partitioner, replicas, cacheNodes].contains { $0 != nil }
    }
}
