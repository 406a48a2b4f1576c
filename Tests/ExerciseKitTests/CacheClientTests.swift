@testable import ExerciseKit
import ScaleCore
import Testing

/// Cache-aside through a service instance's client: single-flight, leases, near caches, metric windows.
@Suite struct CacheClientTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func concurrentMissesOnOneKeyMakeOneLoad() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let client = try cluster.cacheClient()
        let callers = 8
        let loads = Locked(0)
        let values = try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    try await client.value(forKey: "hot") {
                        loads.withLock { $0 += 1 }
                        // Hold the load until every other caller has joined it.
                        var polls = 0
                        while client.singleFlightWaiterCount(forKey: "hot") < callers - 1, polls < 5_000 {
                            polls += 1
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        return Self.bytes("loaded")
                    }
                }
            }
            var values: [[UInt8]?] = []
            for try await value in group { values.append(value) }
            return values
        }
        #expect(values == Array(repeating: Self.bytes("loaded"), count: callers))
        #expect(loads.value == 1)
        #expect(try cluster.cache.statistics().loadsCoalesced == callers - 1)
        #expect(try await client.value(forKey: "hot") { Issue.record("a cached value is not loaded again"); return nil } == Self.bytes("loaded"))
        await cluster.shutdown()
    }

    @Test func aLoadOvertakenByADeleteDoesNotFillTheCache() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let reader = try cluster.cacheClient()
        let writer = try cluster.cacheClient()
        let value = try await reader.value(forKey: "k") {
            // The writer changes the row and invalidates while this load holds the old row.
            try await writer.delete("k")
            return Self.bytes("old")
        }
        #expect(value == Self.bytes("old"))
        #expect(try await reader.get("k") == nil, "the old value must not be cached after the invalidation")
        #expect(try cluster.cache.clientCounters.fillsRefused.load(ordering: .relaxed) == 1)
        _ = try await reader.value(forKey: "k") { Self.bytes("new") }
        #expect(try await writer.get("k") == Self.bytes("new"))
        await cluster.shutdown()
    }

    /// A caller that missed after a delete must not join (and return) a load that began before it.
    @Test func aMissAfterADeleteDoesNotJoinAnOlderLoad() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let client = try cluster.cacheClient()
        let writer = try cluster.cacheClient()
        let (started, release) = (Locked(false), Locked(false))
        async let old = client.value(forKey: "k") {
            started.withLock { $0 = true }
            var polls = 0
            while !release.value, polls < 5_000 {
                polls += 1
                try await Task.sleep(for: .milliseconds(1))
            }
            return Self.bytes("old")
        }
        var polls = 0
        while !started.value, polls < 5_000 {
            polls += 1
            try await Task.sleep(for: .milliseconds(1))
        }
        // The write commits and invalidates while the older load is still in flight.
        try await writer.delete("k")
        let fresh = try await client.value(forKey: "k") { Self.bytes("new") }
        release.withLock { $0 = true }
        #expect(fresh == Self.bytes("new"), "a read that began after the delete returned the load that began before it")
        let older = try await old
        #expect(older == Self.bytes("old"))
        #expect(try await writer.get("k") == Self.bytes("new"), "the older load must not fill over the newer one")
        await cluster.shutdown()
    }

    /// Versioned write-through: the newer version stays whichever set lands last, and it cancels
    /// the lease of a load that read an older row.
    static func versioned(_ version: UInt64, _ text: String) -> [UInt8] { withUnsafeBytes(of: version.bigEndian) { Array($0) } + bytes(text) }

    @Test func setIfNewerKeepsTheNewerVersion() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let client = try cluster.cacheClient()
        #expect(try await client.setIfNewer(Self.versioned(2, "two"), forKey: "k"))
        #expect(try await client.setIfNewer(Self.versioned(1, "one"), forKey: "k") == false)
        #expect(try await client.setIfNewer(Self.versioned(2, "again"), forKey: "k") == false)
        #expect(try await client.get("k") == Self.versioned(2, "two"))
        #expect(try await client.setIfNewer(Self.versioned(2, "again"), forKey: "k", replacingEqual: true))
        #expect(try await client.setIfNewer(Self.versioned(3, "three"), forKey: "k"))
        #expect(try await client.get("k") == Self.versioned(3, "three"))
        let loaded = try await client.value(forKey: "fresh") {
            try await client.setIfNewer(Self.versioned(5, "written"), forKey: "fresh")
            return Self.versioned(4, "loaded")
        }
        #expect(loaded == Self.versioned(4, "loaded"))
        #expect(try await client.get("fresh") == Self.versioned(5, "written"), "the older load must not fill over the write-through")
        await cluster.shutdown()
    }

    /// An increment of an absent counter still cancels the fill lease of a load that read the old count.
    @Test func anIncrementOfAnAbsentCounterCancelsTheLease() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let reader = try cluster.cacheClient()
        let writer = try cluster.cacheClient()
        _ = try await reader.value(forKey: "count") {
            let counted = try await writer.increment("count")
            #expect(counted == nil)
            return Self.bytes("7")
        }
        #expect(try await reader.get("count") == nil, "a load the increment overtook must not fill")
        await cluster.shutdown()
    }

    @Test func anIncrementOvertakingALoadKeepsItsCount() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let reader = try cluster.cacheClient()
        let writer = try cluster.cacheClient()
        let loaded = try await reader.value(forKey: "count") {
            // A write-through counter moves on while this load holds the older count.
            _ = try await writer.increment("count", initial: 8)
            return Self.bytes("7")
        }
        #expect(loaded == Self.bytes("7"))
        #expect(try await reader.get("count") == Self.bytes("8"), "the stale load did not overwrite the counter")
        await cluster.shutdown()
    }

    @Test func aNearCacheBelongsToItsInstance() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let near = NearCacheOptions(entryCapacity: 16, ttl: .seconds(60))
        let first = try cluster.cacheClient(near: near)
        let second = try cluster.cacheClient(near: near)
        try await first.set(Self.bytes("v1"), forKey: "k")
        #expect(try await first.get("k") == Self.bytes("v1"))
        #expect(try await second.get("k") == Self.bytes("v1"))
        let before = cluster.network.counters.snapshot().messages
        #expect(try await first.get("k") == Self.bytes("v1"))
        #expect(cluster.network.counters.snapshot().messages == before, "a near hit stays in process")
        // The first instance writes: it reads its own write, the second serves its near copy until its TTL.
        try await first.set(Self.bytes("v2"), forKey: "k")
        #expect(try await first.get("k") == Self.bytes("v2"))
        #expect(try await second.get("k") == Self.bytes("v1"))
        #expect(try await cluster.cacheClient().get("k") == Self.bytes("v2"))
        await cluster.shutdown()
    }

    @Test func aNearEntryExpiresAfterItsTTL() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 1 }
        let reader = try cluster.cacheClient(near: NearCacheOptions(entryCapacity: 16, ttl: .milliseconds(1)))
        try await reader.set(Self.bytes("v1"), forKey: "k")
        #expect(try await reader.get("k") == Self.bytes("v1"))
        try await cluster.cacheClient().set(Self.bytes("v2"), forKey: "k")
        try await Task.sleep(for: .milliseconds(5))
        #expect(try await reader.get("k") == Self.bytes("v2"))
        await cluster.shutdown()
    }

    @Test func metricWindowsCountOnlyTheirWindow() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let client = try cluster.cacheClient(near: NearCacheOptions(entryCapacity: 16, ttl: .seconds(60)))
        try await client.set(Self.bytes("v"), forKey: "before")
        _ = try await client.get("before")
        _ = try await client.get("absent-before")
        let source = try #require(cluster.metricSources.first)
        #expect(source.declarations.map(\.name) == CacheTier.metricDeclarations.map(\.name))
        let endWindow = source.beginWindow()
        _ = try await client.get("before")
        _ = try await client.get("before")
        _ = try await client.value(forKey: "loaded") { Self.bytes("x") }
        _ = try await client.get("loaded")
        let metrics = endWindow()
        #expect(metrics["cacheMisses"] == 1)
        #expect(metrics["cacheHitRatio"] == 0, "every tier lookup in the window missed; the others were near hits")
        #expect(metrics["nearCacheHitRatio"] == 0.75)
        #expect(metrics["cacheSingleFlightJoins"] == 0)
        #expect(metrics["cacheBytesHeld"] == Double(try cluster.cache.statistics().costBytes))
        await cluster.shutdown()
    }
}
