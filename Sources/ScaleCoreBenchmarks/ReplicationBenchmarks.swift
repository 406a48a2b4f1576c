import ScaleSupport
import ScaleStorage
import ScaleNetwork
import ScaleSharding
import ScaleReplication
import ScaleCaching
import ScaleQueue
/// Micro-benchmarks of replication (wired by the lead to `scalebench micro replication`).
public enum ReplicationBenchmarks {
    /// Replicated write latency for synchronous, quorum-2 and asynchronous modes, with the links
    /// between replicas `same-zone` and `cross-zone` (clients sit in the primary's zone). The
    /// floor is an unreplicated write: one node, same client link, same code path, same run.
    /// Run it from a release build; debug figures are meaningless.
    public static func replicatedWrites(writesPerCase: Int = 2_000, clientCount: Int = 4, seed: UInt64 = 1) async throws -> MicroBenchmarkReport {
        let links: [(name: String, delay: LatencyDistribution)] = [("same-zone", .sameZone), ("cross-zone", .crossZone)]
        let modes: [ReplicationMode] = [.synchronous, .quorum(writeCount: 2), .asynchronous]
        let floor = try await measureWrites(replicaCount: 1, mode: .asynchronous, linkDelay: .sameZone, writes: writesPerCase, clients: clientCount, seed: seed)
        var rows = [
            MicroBenchmarkRow(name: "floor: unreplicated write p50", value: Double(floor.p50) / 1_000, unit: "µs", detail: "1 node, same-zone client link"),
            MicroBenchmarkRow(name: "floor: unreplicated write p99", value: Double(floor.p99) / 1_000, unit: "µs", detail: "1 node, same-zone client link"),
        ]
        var p50ByCase: [String: UInt64] = [:]
        for link in links {
            for mode in modes {
                let result = try await measureWrites(replicaCount: 3, mode: mode, linkDelay: link.delay, writes: writesPerCase, clients: clientCount, seed: seed)
                let name = "\(mode) \(link.name)"
                p50ByCase[name] = result.p50
                rows.append(MicroBenchmarkRow(name: "\(name) write p50", value: Double(result.p50) / 1_000, unit: "µs", detail: "3 replicas, \(clientCount) clients"))
                rows.append(MicroBenchmarkRow(name: "\(name) write p99", value: Double(result.p99) / 1_000, unit: "µs", detail: "3 replicas, \(clientCount) clients"))
                rows.append(MicroBenchmarkRow(name: "\(name) p50 / floor p50", value: Double(result.p50) / Double(max(floor.p50, 1)), unit: "ratio", detail: "vs unreplicated"))
            }
        }
        let syncCross = Double(p50ByCase["sync cross-zone"] ?? 0)
        let asyncCross = Double(max(p50ByCase["async cross-zone"] ?? 1, 1))
        return MicroBenchmarkReport(
            title: "replicated writes: sync vs quorum vs async (\(writesPerCase) writes per case)",
            rows: rows,
            verdict: "cross-zone: synchronous p50 is \(format(syncCross / asyncCross))x asynchronous; asynchronous p50 is \(format(asyncCross / Double(max(floor.p50, 1))))x the unreplicated floor"
        )
    }

    /// p50 and p99 of `writes` single-row writes from `clients` concurrent clients.
    static func measureWrites(replicaCount: Int, mode: ReplicationMode, linkDelay: LatencyDistribution, writes: Int, clients: Int, seed: UInt64) async throws -> (p50: UInt64, p99: UInt64) {
        var networkConfiguration = NetworkConfiguration(nodeCount: replicaCount + 1, delay: linkDelay, clientDelay: .sameZone, seed: seed)
        // The coordinator sits with the replicas; only replica-to-replica links vary.
        networkConfiguration.setDelay(.sameZone, from: (0..<replicaCount).map { NodeID($0) }, to: [NodeID(replicaCount)])
        let network = SimulatedNetwork(networkConfiguration)
        let set = try ReplicaSet.inMemory(configuration: ReplicaSetConfiguration(replicaCount: replicaCount, mode: mode), network: network)
        try await set.start()
        let warmup = max(writes / 10, 1)
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var samples: [UInt64] = []
                    var index = client
                    while index < writes + warmup {
                        let change = RowChange.upsert(table: "bench", key: "k\(index % 1_000)", value: [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 100))
                        let start = MonotonicClock.nowNanos()
                        try await set.write([change], from: .client(client))
                        if index >= warmup { samples.append(MonotonicClock.nowNanos() &- start) }
                        index += clients
                    }
                    return samples
                }
            }
            var all: [UInt64] = []
            for try await samples in group { all += samples }
            return all.sorted()
        }
        await set.shutdown()
        return (Percentile.nearestRank(0.5, of: latencies), Percentile.nearestRank(0.99, of: latencies))
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 100).rounded()) / 100)
    }
}
