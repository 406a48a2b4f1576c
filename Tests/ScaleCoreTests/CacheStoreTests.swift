import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct CacheStoreTests {
    private func makeLayer(
        _ store: CountingBackingStore,
        policy: CacheWritePolicy,
        entryCapacity: Int = 100,
        shardCount: Int = 4,
        clock: ManualNanoClock = ManualNanoClock()
    ) throws -> CachedStore<CountingBackingStore, ManualNanoClock> {
        try CachedStore(
            store: store,
            cache: CacheConfiguration(entryCapacity: entryCapacity, shardCount: shardCount),
            writePolicy: policy,
            clock: clock
        )
    }

    /// Starts `count` concurrent gets of `key` while loads are held, waits until one load runs and
    /// the rest wait on it, then releases the load; returns every caller's result.
    private func concurrentGets(
        _ count: Int,
        of key: String,
        layer: CachedStore<CountingBackingStore, ManualNanoClock>,
        store: CountingBackingStore
    ) async -> [Result<String?, any Error>] {
        store.holdLoads()
        return await withTaskGroup(of: Result<String?, any Error>.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do { return .success(try await layer.get(key)) } catch { return .failure(error) }
                }
            }
            let gathered = await eventually {
                store.heldLoadCount == 1 && layer.activity.waiterCount(forKey: key) == count - 1
            }
            #expect(gathered, "callers did not gather on one load")
            store.releaseLoads()
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func hundredConcurrentMissesCauseOneLoad() async throws {
        let store = CountingBackingStore(["hot": "value"])
        let layer = try makeLayer(store, policy: .invalidate)
        let results = await concurrentGets(100, of: "hot", layer: layer, store: store)
        #expect(results.count == 100)
        #expect(results.allSatisfy { (try? $0.get()) == "value" })
        #expect(store.loadCount == 1)
        let statistics = layer.statistics()
        #expect(statistics.backendLoads == 1)
        #expect(statistics.loadsCoalesced == 99)
        #expect(try await layer.get("hot") == "value")
        #expect(store.loadCount == 1)
    }

    @Test func aFailedLoadReachesEveryWaiterAndIsNotCached() async throws {
        let store = CountingBackingStore(["hot": "value"])
        store.setFailsLoads(true)
        let layer = try makeLayer(store, policy: .invalidate)
        let results = await concurrentGets(20, of: "hot", layer: layer, store: store)
        #expect(results.allSatisfy { if case .failure(let error) = $0 { error is CountingBackingStore.Failure } else { false } })
        #expect(store.loadCount == 1)
        store.setFailsLoads(false)
        #expect(try await layer.get("hot") == "value")
        #expect(store.loadCount == 2)
    }

    @Test func cacheAsideWriteInvalidatesAndNextReadLoadsNewValue() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, policy: .invalidate)
        #expect(try await layer.get("k") == "v1")
        #expect(try await layer.get("k") == "v1")
        #expect(store.loadCount == 1)
        try await layer.put("v2", forKey: "k")
        #expect(store.rawValue("k") == "v2")
        #expect(!layer.cache.contains("k"))
        #expect(try await layer.get("k") == "v2")
        #expect(store.loadCount == 2)
    }

    @Test func writeThroughKeepsTheNewValueCached() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, policy: .writeThrough)
        #expect(try await layer.get("k") == "v1")
        try await layer.put("v2", forKey: "k")
        #expect(store.rawValue("k") == "v2")
        #expect(try await layer.get("k") == "v2")
        #expect(store.loadCount == 1)
        #expect(layer.statistics().hits == 1)
    }

    @Test func aFailedWriteDropsTheCachedEntry() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, policy: .writeThrough)
        #expect(try await layer.get("k") == "v1")
        store.setFailsStores(true)
        await #expect(throws: CountingBackingStore.Failure.self) { try await layer.put("v2", forKey: "k") }
        #expect(!layer.cache.contains("k"))
    }

    @Test func aLoadThatOverlapsAWriteDoesNotFillTheOldValue() async throws {
        for policy in [CacheWritePolicy.invalidate, .writeThrough] {
            let store = CountingBackingStore(["k": "old"])
            let layer = try makeLayer(store, policy: policy)
            store.holdLoads()
            async let staleRead = layer.get("k")
            #expect(await eventually { store.heldLoadCount == 1 })
            try await layer.put("new", forKey: "k")
            store.releaseLoads()
            // The read started before the write, so it may return the old value ...
            #expect(try await staleRead == "old")
            // ... but it must not leave the old value in the cache.
            #expect(try await layer.get("k") == "new")
        }
    }

    @Test func explicitInvalidationDropsTheEntry() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, policy: .writeThrough)
        #expect(try await layer.get("k") == "v1")
        store.rawSet("v2", forKey: "k")
        #expect(try await layer.get("k") == "v1")
        layer.invalidate("k")
        #expect(try await layer.get("k") == "v2")
    }

    @Test func getOfAnAbsentKeyIsNilAndNotCached() async throws {
        let store = CountingBackingStore()
        let layer = try makeLayer(store, policy: .invalidate)
        #expect(try await layer.get("none") == nil)
        #expect(try await layer.get("none") == nil)
        #expect(store.loadCount == 2)
    }
}
