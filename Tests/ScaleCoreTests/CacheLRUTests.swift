import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct CacheLRUTests {
    private func makeCache(
        entryCapacity: Int = 100,
        byteCapacity: Int = .max,
        shardCount: Int = 1,
        ttlNanos: UInt64? = nil,
        clock: ManualNanoClock = ManualNanoClock()
    ) throws -> ShardedLRUCache<String, String, ManualNanoClock> {
        try ShardedLRUCache(
            configuration: CacheConfiguration(entryCapacity: entryCapacity, byteCapacity: byteCapacity, shardCount: shardCount, ttlNanos: ttlNanos),
            clock: clock,
            cost: { _, value in value.utf8.count }
        )
    }

    @Test func entryCapacityEvictsLeastRecentlyUsed() throws {
        let cache = try makeCache(entryCapacity: 3)
        cache.set("1", forKey: "a")
        cache.set("2", forKey: "b")
        cache.set("3", forKey: "c")
        #expect(cache.value(forKey: "a") == "1")  // a becomes most recent; b is now oldest
        cache.set("4", forKey: "d")
        #expect(cache.count == 3)
        #expect(!cache.contains("b"))
        #expect(cache.keysOldestFirst(inShardOf: "a") == ["c", "a", "d"])
        let statistics = cache.statistics()
        #expect(statistics.evictions == 1)
        #expect(statistics.hits == 1)
        cache.checkInvariants()
    }

    @Test func byteCapacityEvictsLeastRecentlyUsedUntilItFits() throws {
        let cache = try makeCache(entryCapacity: 100, byteCapacity: 10)
        cache.set("aaaa", forKey: "a")  // 4 bytes
        cache.set("bbb", forKey: "b")   // 7
        cache.set("cc", forKey: "c")    // 9
        _ = cache.value(forKey: "a")    // order now b, c, a
        cache.set("dddddd", forKey: "d")  // 15 > 10: evict b (12 > 10), then c (10)
        #expect(cache.costBytes == 10)
        #expect(cache.keysOldestFirst(inShardOf: "a") == ["a", "d"])
        #expect(cache.statistics().evictions == 2)
        // Replacing a value re-charges its cost.
        cache.set("a", forKey: "a")
        #expect(cache.costBytes == 7)
        cache.checkInvariants()
    }

    @Test func entryLargerThanByteCapacityIsRejected() throws {
        let cache = try makeCache(byteCapacity: 4)
        #expect(cache.set("abc", forKey: "k"))
        #expect(!cache.set("abcdefgh", forKey: "k"))
        #expect(!cache.contains("k"))
        #expect(cache.costBytes == 0)
    }

    @Test func shardedCacheNeverExceedsEitherCapacity() throws {
        let cache = try makeCache(entryCapacity: 64, byteCapacity: 640, shardCount: 8)
        for index in 0..<1_000 {
            cache.set(String(repeating: "x", count: index % 20), forKey: "key-\(index)")
            #expect(cache.count <= 64)
            #expect(cache.costBytes <= 640)
        }
        let statistics = cache.statistics()
        #expect(statistics.evictions + statistics.entryCount == 1_000)
        cache.checkInvariants()
    }

    @Test func ttlExpiresOnTheInjectedClock() throws {
        let clock = ManualNanoClock()
        let cache = try makeCache(ttlNanos: 1_000, clock: clock)
        cache.set("v", forKey: "k")
        cache.set("long", forKey: "long", ttlNanos: 5_000)
        clock.advance(byNanos: 999)
        #expect(cache.value(forKey: "k") == "v")
        clock.advance(byNanos: 1)
        #expect(cache.value(forKey: "k") == nil)
        #expect(cache.value(forKey: "long") == "long")
        var statistics = cache.statistics()
        #expect(statistics.expirations == 1)
        #expect(statistics.misses == 1)
        #expect(statistics.hits == 2)
        clock.advance(byNanos: 4_000)
        #expect(cache.purgeExpired() == 1)
        statistics = cache.statistics()
        #expect(statistics.expirations == 2)
        #expect(statistics.entryCount == 0)
    }

    @Test func rewritingAnEntryRestartsItsTTL() throws {
        let clock = ManualNanoClock()
        let cache = try makeCache(ttlNanos: 1_000, clock: clock)
        cache.set("v1", forKey: "k")
        clock.advance(byNanos: 800)
        cache.set("v2", forKey: "k")
        clock.advance(byNanos: 800)
        #expect(cache.value(forKey: "k") == "v2")
    }

    @Test func expiredOldestEntryCountsAsExpirationNotEviction() throws {
        let clock = ManualNanoClock()
        let cache = try makeCache(entryCapacity: 1, ttlNanos: 10, clock: clock)
        cache.set("1", forKey: "a")
        clock.advance(byNanos: 10)
        cache.set("2", forKey: "b")
        let statistics = cache.statistics()
        #expect(statistics.expirations == 1)
        #expect(statistics.evictions == 0)
    }

    @Test func updateDoesNotCountOrReorder() throws {
        let cache = try makeCache()
        cache.set("1", forKey: "a")
        cache.set("2", forKey: "b")
        #expect(cache.update(forKey: "a") { value in value += "!" } != nil)
        #expect(cache.update(forKey: "zz") { _ in 0 } == nil)
        #expect(cache.keysOldestFirst(inShardOf: "a") == ["a", "b"])
        #expect(cache.statistics().hits == 0)
        #expect(cache.value(forKey: "a") == "1!")
    }

    @Test func peekSeesOnlyLiveValuesAndDoesNotCountOrReorder() throws {
        let clock = ManualNanoClock()
        let cache = try makeCache(ttlNanos: 1_000, clock: clock)
        cache.set("1", forKey: "a")
        cache.set("2", forKey: "b")
        #expect(cache.peekValue(forKey: "a") == "1")
        #expect(cache.peekValue(forKey: "zz") == nil)
        #expect(cache.keysOldestFirst(inShardOf: "a") == ["a", "b"])
        #expect(cache.statistics().hits == 0 && cache.statistics().misses == 0)
        clock.advance(byNanos: 1_000)
        #expect(cache.peekValue(forKey: "a") == nil, "an expired entry is not live")
    }

    @Test func invalidConfigurationsAreRejected() {
        let clock = ManualNanoClock()
        let bad = [
            CacheConfiguration(entryCapacity: 10, shardCount: 3),
            CacheConfiguration(entryCapacity: 2, shardCount: 4),
            CacheConfiguration(entryCapacity: 10, byteCapacity: 1, shardCount: 2),
            CacheConfiguration(entryCapacity: 10, ttlNanos: 0),
        ]
        for configuration in bad {
            #expect(throws: CacheError.self) {
                _ = try ShardedLRUCache<String, String, ManualNanoClock>(configuration: configuration, clock: clock)
            }
        }
    }

    @Test func concurrentUseKeepsShardsConsistent() async throws {
        let cache = try ShardedLRUCache<UInt64, UInt64, SystemNanoClock>(
            configuration: CacheConfiguration(entryCapacity: 256, shardCount: 4),
            clock: SystemNanoClock()
        )
        let wrongValues = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var generator = SeededGenerator(seed: 9, stream: worker)
                    var wrong = 0
                    for _ in 0..<5_000 {
                        let key = generator.next() % 512
                        if generator.next() % 4 == 0 {
                            cache.set(key &* 3, forKey: key)
                        } else if let value = cache.value(forKey: key), value != key &* 3 {
                            wrong += 1
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrongValues == 0)
        #expect(cache.count <= 256)
        let statistics = cache.statistics()
        #expect(statistics.hits + statistics.misses > 0)
        cache.checkInvariants()
    }
}
