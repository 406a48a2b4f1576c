import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct CacheNearTests {
    private typealias Layer = CachedStore<CountingBackingStore, ManualNanoClock>

    private func makeLayer(_ store: CountingBackingStore, clock: ManualNanoClock) throws -> Layer {
        try CachedStore(
            store: store,
            cache: CacheConfiguration(entryCapacity: 100, shardCount: 4),
            writePolicy: .writeThrough,
            clock: clock
        )
    }

    @Test func nearCacheServesStaleAfterAnotherClientWritesAndCountsIt() async throws {
        let clock = ManualNanoClock()
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, clock: clock)
        let clientA = try NearCache(shared: layer, configuration: NearCacheConfiguration(entryCapacity: 8, ttlNanos: 1_000))
        let clientB = try NearCache(shared: layer, configuration: NearCacheConfiguration(entryCapacity: 8, ttlNanos: 1_000))

        #expect(try await clientA.get("k") == "v1")
        #expect(try await clientA.get("k") == "v1")
        #expect(clientA.statistics().staleReadsServed == 0)

        try await clientB.put("v2", forKey: "k")
        #expect(try await clientB.get("k") == "v2", "a client reads its own write")
        #expect(try await clientA.get("k") == "v1", "A's near cache still holds the old value")
        #expect(try await clientA.get("k") == "v1")
        #expect(clientA.statistics().staleReadsServed == 2)
        #expect(clientB.statistics().staleReadsServed == 0)
        #expect(layer.statistics().staleReadsServed == 2)

        clock.advance(byNanos: 1_000)
        #expect(try await clientA.get("k") == "v2", "the near TTL bounds staleness")
        #expect(clientA.statistics().staleReadsServed == 2)
        #expect(clientA.statistics().expirations == 1)
    }

    @Test func invalidatingNearCachesServeNoStaleReads() async throws {
        let clock = ManualNanoClock()
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, clock: clock)
        let configuration = NearCacheConfiguration(entryCapacity: 8, ttlNanos: 1_000, remoteWrites: .invalidate)
        let clientA = try NearCache(shared: layer, configuration: configuration)
        let clientB = try NearCache(shared: layer, configuration: configuration)
        #expect(try await clientA.get("k") == "v1")
        try await clientB.put("v2", forKey: "k")
        #expect(try await clientA.get("k") == "v2")
        #expect(layer.statistics().staleReadsServed == 0)
    }

    @Test func nearHitsDoNotReachTheSharedCache() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, clock: ManualNanoClock())
        let client = try NearCache(shared: layer)
        for _ in 0..<10 { #expect(try await client.get("k") == "v1") }
        #expect(client.statistics().hits == 9)
        #expect(layer.statistics().hits + layer.statistics().misses == 1)
    }

    @Test func aFillOverlappingAWriteIsNotKept() async throws {
        let clock = ManualNanoClock()
        let store = CountingBackingStore(["k": "old"])
        let layer = try makeLayer(store, clock: clock)
        let clientA = try NearCache(shared: layer)
        let clientB = try NearCache(shared: layer)
        store.holdLoads()
        async let read = clientA.get("k")
        #expect(await eventually { store.heldLoadCount == 1 })
        try await clientB.put("new", forKey: "k")
        store.releaseLoads()
        #expect(try await read == "old")
        #expect(try await clientA.get("k") == "new")
        #expect(layer.statistics().staleReadsServed == 0)
    }

    @Test func aDroppedNearCacheUnregisters() async throws {
        let store = CountingBackingStore(["k": "v1"])
        let layer = try makeLayer(store, clock: ManualNanoClock())
        do {
            let client = try NearCache(shared: layer)
            _ = try await client.get("k")
            #expect(layer.nearCaches.withLock { $0.count } == 1)
        }
        #expect(layer.nearCaches.withLock { $0.count } == 0)
        try await layer.put("v2", forKey: "k")
    }
}
