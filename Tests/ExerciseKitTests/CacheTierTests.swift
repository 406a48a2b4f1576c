@testable import ExerciseKit
import ScaleCore
import Testing

/// The cache tier on the network: hits, misses, TTL, eviction, placement, and every lookup a round trip.
@Suite struct CacheTierTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aValueSetIsAHitAndAnAbsentKeyAMiss() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 3 }
        let cache = try cluster.cache
        try await cache.set(Self.bytes("v1"), forKey: "k1")
        #expect(try await cache.get("k1") == Self.bytes("v1"))
        #expect(try await cache.get("absent") == nil)
        try await cache.delete("k1")
        #expect(try await cache.get("k1") == nil)
        let statistics = cache.statistics()
        #expect(statistics.hits == 1)
        #expect(statistics.misses == 2)
        await cluster.shutdown()
    }

    @Test func aHitCostsARoundTripToTheKeysNode() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let cache = try cluster.cache
        try await cache.set(Self.bytes("v"), forKey: "k")
        let before = cluster.network.counters.snapshot().messages
        #expect(try await cache.get("k") == Self.bytes("v"))
        #expect(cluster.network.counters.snapshot().messages &- before == 2)
        #expect(!cluster.nodeIDs.contains(cache.nodeID(for: "k")), "a cache node is not a storage node")
        await cluster.shutdown()
    }

    @Test func keysSpreadOverEveryNodeAndMultiGetAsksEachNodeOnce() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 3 }
        let cache = try cluster.cache
        let keys = (0..<60).map { "key\($0)" }
        for key in keys { try await cache.set(Self.bytes(key), forKey: key) }
        #expect(Set(keys.map(cache.nodeID(for:))) == Set(cache.nodeIDs))
        #expect(cache.nodes.allSatisfy { $0.store.count > 0 })
        let before = cluster.network.counters.snapshot().messages
        let found = try await cache.getMany(keys + ["absent"])
        #expect(found == Dictionary(uniqueKeysWithValues: keys.map { ($0, Self.bytes($0)) }))
        #expect(cluster.network.counters.snapshot().messages &- before == 2 * 3)
        await cluster.shutdown()
    }

    @Test func entriesExpireAfterTheirTTL() async throws {
        let cluster = try await startCluster { $0.cacheTier = CacheTierConfiguration(nodeCount: 1, defaultTTLNanos: 1_000_000) }
        let cache = try cluster.cache
        try await cache.set(Self.bytes("short"), forKey: "default-ttl")
        try await cache.set(Self.bytes("long"), forKey: "own-ttl", ttl: .seconds(3_600))
        try await Task.sleep(for: .milliseconds(5))
        #expect(try await cache.get("default-ttl") == nil)
        #expect(try await cache.get("own-ttl") == Self.bytes("long"))
        #expect(cache.statistics().expirations == 1)
        await cluster.shutdown()
    }

    @Test func aFullNodeEvictsTheLeastRecentlyUsedAndStaysWithinItsBytes() async throws {
        let capacity = CacheTierConfiguration.byteCapacityRange.lowerBound
        let cluster = try await startCluster { $0.cacheTier = CacheTierConfiguration(nodeCount: 1, byteCapacityPerNode: capacity) }
        let cache = try cluster.cache
        let value = [UInt8](repeating: 7, count: 1_000)
        for index in 0..<300 { try await cache.set(value, forKey: "key\(index)") }
        let statistics = cache.statistics()
        #expect(statistics.costBytes <= capacity)
        #expect(statistics.evictions >= 300 - capacity / 1_000)
        #expect(try await cache.get("key299") == value)
        #expect(try await cache.get("key0") == nil)
        #expect(try await cache.set([UInt8](repeating: 1, count: capacity), forKey: "too-big") == false)
        await cluster.shutdown()
    }

    @Test func countersIncrementAtomicallyOnTheirNode() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let cache = try cluster.cache
        #expect(try await cache.increment("unread") == nil, "no counter and no initial value")
        #expect(try await cache.increment("unread", initial: 5) == 5)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for _ in 0..<25 { _ = try await cache.increment("unread", from: .client(client)) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await cache.increment("unread", by: -3) == 102, "5 + 100 concurrent increments - 3")
        #expect(try await cache.get("unread") == Self.bytes("102"))
        let before = cache.statistics()
        _ = try await cache.increment("unread")
        #expect(cache.statistics().hits == before.hits && cache.statistics().misses == before.misses, "an increment is not a lookup")
        try await cache.set(Self.bytes("not a number"), forKey: "text")
        await #expect(throws: ClusterError.self) { try await cache.increment("text") }
        await cluster.shutdown()
    }

    @Test func aDownCacheNodeFailsItsKeysOnly() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let cache = try cluster.cache
        let keys = (0..<20).map { "key\($0)" }
        for key in keys { try await cache.set(Self.bytes(key), forKey: key) }
        let down = cache.nodeIDs[0]
        cluster.network.takeDown(down)
        let onDown = try #require(keys.first { cache.nodeID(for: $0) == down })
        let onUp = try #require(keys.first { cache.nodeID(for: $0) != down })
        await #expect(throws: NetworkError.self) { try await cache.get(onDown) }
        #expect(try await cache.get(onUp) == Self.bytes(onUp))
        cluster.network.bringUp(down)
        #expect(try await cache.get(onDown) == Self.bytes(onDown), "reachable again")
        try cache.restartEmpty(down)
        #expect(try await cache.get(onDown) == nil, "a restarted node comes back empty")
        #expect(try await cache.get(onUp) == Self.bytes(onUp), "the other node keeps its entries")
        #expect(throws: ClusterError.self) { try cache.restartEmpty(cluster.nodeIDs[0]) }
        try await cache.flushAll()
        #expect(try await cache.getMany(keys).isEmpty, "a flushed tier is cold")
        await cluster.shutdown()
    }

    @Test func anEntryCapacityBindsBeforeTheBytesAndPingCountsNoLookup() async throws {
        let cluster = try await startCluster { $0.cacheTier = CacheTierConfiguration(nodeCount: 2, entryCapacityPerNode: 32) }
        let cache = try cluster.cache
        for index in 0..<500 { try await cache.set(Self.bytes("v"), forKey: "key\(index)") }
        let statistics = cache.statistics()
        #expect(statistics.entryCount <= 2 * 32)
        #expect(statistics.entryCount >= 32, "each node's lock shards fill up")
        #expect(statistics.evictions == 500 - statistics.entryCount)
        let before = cluster.network.counters.snapshot().messages
        try await cache.ping(nodeOf: "key1")
        #expect(cluster.network.counters.snapshot().messages &- before == 2)
        #expect(cache.statistics().hits == 0 && cache.statistics().misses == 0)
        await cluster.shutdown()
    }

    @Test(arguments: [
        CacheTierConfiguration(nodeCount: CacheTierConfiguration.maximumNodeCount + 1),
        CacheTierConfiguration(nodeCount: -1),
        CacheTierConfiguration(nodeCount: 1, byteCapacityPerNode: 1_000),
        CacheTierConfiguration(nodeCount: 1, defaultTTLNanos: 0),
        CacheTierConfiguration(nodeCount: 1, entryCapacityPerNode: CacheTierConfiguration.lockShardCount - 1),
        CacheTierConfiguration(nodeCount: 1, entryCapacityPerNode: CacheTierConfiguration.entryCapacityRange.upperBound + 1),
    ])
    func configurationsOutsideTheLimitsAreRefused(configuration: CacheTierConfiguration) async throws {
        await #expect(throws: ClusterError.self) { try await startCluster { $0.cacheTier = configuration } }
    }

    @Test func aClusterWithoutCacheNodesSaysHowToGetOne() async throws {
        let cluster = try await startCluster()
        #expect(throws: ClusterError.self) { try cluster.cache }
        #expect(cluster.metricSources.isEmpty)
        await cluster.shutdown()
    }
}
