import Histogram
import ScaleCore

/// `scalebench micro cache-tier`: what a hit costs through the cluster's cache tier, next to its
/// floors measured in the same run: a bare network call to the same node, and an in-process LRU hit.
public enum CacheTierMicroBenchmark {
    static let keyCount = 1_000

    /// Sequential hits over profile `none` (ns/op, best of `repetitions`), then at `same-zone`
    /// (p50/p99 of a hit vs a bare call), on a cluster with 4 cache nodes.
    public static func run(operationCount: Int = 200_000, sameZoneCallCount: Int = 2_000, repetitions: Int = 3) async throws -> MicroBenchmarkReport {
        let keys = (0..<keyCount).map { "key\($0)" }
        let value = [UInt8](repeating: 1, count: 100)
        let cluster = try await filledCluster(networkDelay: .none, keys: keys, value: value)
        let tier = try cluster.cache
        let client = try cluster.cacheClient()
        let near = try cluster.cacheClient(near: NearCacheOptions(entryCapacity: keyCount * 2, ttl: .seconds(60)))
        let node = tier.nodes[0]
        let network = cluster.network
        func best(_ body: @escaping (String) async throws -> Int) async throws -> Double {
            var bestNanos = Double.infinity
            for _ in 0..<max(1, repetitions) {
                bestNanos = min(bestNanos, try await nanosPerOperation(keys: keys, count: operationCount, body))
            }
            return bestNanos
        }
        let callNanos = try await best { key in try await network.call(from: .client, to: node.id, kind: .cacheGet) { key.utf8.count } }
        let lruNanos = try await best { key in tier.node(for: key).store.value(forKey: key)?.count ?? 0 }
        let tierNanos = try await best { key in try await tier.get(key)?.count ?? 0 }
        let cacheAsideNanos = try await best { key in try await client.value(forKey: key) { nil }?.count ?? 0 }
        let nearNanos = try await best { key in try await near.get(key)?.count ?? 0 }
        let missedAny = tier.statistics().misses > 0
        await cluster.shutdown()

        let floorNanos = callNanos + lruNanos
        var rows = [
            MicroBenchmarkRow(name: "network call to a cache node, profile none (floor)", value: callNanos, unit: "ns/op"),
            MicroBenchmarkRow(name: "LRU hit on the key's node, in process (floor)", value: lruNanos, unit: "ns/op"),
            MicroBenchmarkRow(name: "tier get, hit", value: tierNanos, unit: "ns/op", detail: "\(MicroBenchmarkText.ratio(tierNanos, floorNanos)) the two floors together"),
            MicroBenchmarkRow(name: "CacheClient.value(forKey:), hit", value: cacheAsideNanos, unit: "ns/op", detail: "\(MicroBenchmarkText.ratio(cacheAsideNanos, tierNanos)) a tier get (lease-aware lookup)"),
            MicroBenchmarkRow(name: "near-cache hit", value: nearNanos, unit: "ns/op", detail: "\(MicroBenchmarkText.ratio(nearNanos, tierNanos)) a tier get"),
        ]
        let (sameZoneRows, extraMicrosP50) = try await sameZone(keys: keys, value: value, count: sameZoneCallCount)
        rows += sameZoneRows
        let verdict = "a tier hit costs \(MicroBenchmarkText.ratio(tierNanos, floorNanos)) its floors over none; at same-zone a hit's p50 is "
            + "\(MicroBenchmarkText.format(extraMicrosP50)) µs above a bare round trip (exercise 2 allows 20 µs)" + (missedAny ? " (WARNING: some lookups missed)" : "")
        return MicroBenchmarkReport(title: "Cache tier: hit cost through the network (4 nodes, \(keyCount) keys, \(operationCount) ops)", rows: rows, verdict: verdict)
    }

    /// p50/p99 of a bare call and of a tier hit at same-zone; and how much higher the hit's p50 is, in µs.
    private static func sameZone(keys: [String], value: [UInt8], count: Int) async throws -> ([MicroBenchmarkRow], Double) {
        let cluster = try await filledCluster(networkDelay: .sameZone, keys: keys, value: value)
        let tier = try cluster.cache
        let network = cluster.network
        var bare = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        var hits = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        for index in 0..<max(1, count) {
            let key = keys[index % keys.count]
            let node = tier.nodeID(for: key)
            let bareStart = MonotonicClock.nowNanos()
            _ = try await network.call(from: .client, to: node, kind: .cacheGet) { key.utf8.count }
            bare.record(MonotonicClock.elapsedNanos(from: bareStart, to: MonotonicClock.nowNanos()))
            let hitStart = MonotonicClock.nowNanos()
            _ = try await tier.get(key)
            hits.record(MonotonicClock.elapsedNanos(from: hitStart, to: MonotonicClock.nowNanos()))
        }
        await cluster.shutdown()
        let micros = { (histogram: Histogram<UInt64>, p: Double) in Double(histogram.valueAtPercentile(p)) / 1_000 }
        let rows = [50.0, 99.0].flatMap { p in
            [
                MicroBenchmarkRow(name: "same-zone bare call p\(Int(p)) (floor)", value: micros(bare, p), unit: "µs"),
                MicroBenchmarkRow(name: "same-zone tier hit p\(Int(p))", value: micros(hits, p), unit: "µs", detail: "\(MicroBenchmarkText.ratio(micros(hits, p), micros(bare, p))) the bare call"),
            ]
        }
        return (rows, micros(hits, 50) - micros(bare, 50))
    }

    private static func filledCluster(networkDelay: LatencyDistribution, keys: [String], value: [UInt8]) async throws -> Cluster {
        var configuration = ClusterConfiguration(shardCount: 1, networkDelay: networkDelay, storageMode: .memory)
        configuration.cacheNodeCount = 4
        let cluster = try await Cluster.start(configuration)
        let tier = try cluster.cache
        for key in keys { try await tier.set(value, forKey: key) }
        return cluster
    }

    /// Wall nanoseconds per call of `body`, cycling through `keys`.
    private static func nanosPerOperation(keys: [String], count: Int, _ body: (String) async throws -> Int) async throws -> Double {
        var sink = 0
        let start = MonotonicClock.nowNanos()
        for index in 0..<max(1, count) { sink &+= try await body(keys[index % keys.count]) }
        return Double(MonotonicClock.elapsedNanos(from: start, to: MonotonicClock.nowNanos())) / Double(max(1, count)) + Double(sink & 0)
    }
}
