import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct CacheWriteBackTests {
    private func makeLayer(
        _ store: CountingBackingStore,
        maxDirtyCount: Int = 100,
        entryCapacity: Int = 100,
        flushIntervalNanos: UInt64 = 1_000_000_000
    ) throws -> CachedStore<CountingBackingStore, ManualNanoClock> {
        try CachedStore(
            store: store,
            cache: CacheConfiguration(entryCapacity: entryCapacity, shardCount: 1),
            writePolicy: .writeBack(WriteBackOptions(flushIntervalNanos: flushIntervalNanos, maxDirtyCount: maxDirtyCount)),
            clock: ManualNanoClock()
        )
    }

    @Test func crashLosesExactlyTheUnflushedWrites() async throws {
        let store = CountingBackingStore()
        let layer = try makeLayer(store)
        for index in 0..<10 { try await layer.put("v\(index)", forKey: "k\(index)") }
        #expect(store.storeCount + store.batchCount == 0, "write-back wrote through")
        #expect(try await layer.flush() == 10)
        #expect(store.batchCount == 1)
        // Five more writes to four keys: one overwrites a flushed key, one key is written twice.
        try await layer.put("w0", forKey: "k0")
        try await layer.put("x1", forKey: "new1")
        try await layer.put("x2", forKey: "new2")
        try await layer.put("x3", forKey: "new3")
        try await layer.put("x3b", forKey: "new3")
        #expect(try await layer.get("k0") == "w0")
        #expect(layer.statistics().dirtyEntryCount == 4)

        let report = layer.crash()
        #expect(report == WriteBackCrashReport(lostKeyCount: 4, lostWriteCount: 5))
        #expect(layer.statistics().dirtyEntryCount == 0)
        #expect(layer.statistics().flushedEntryCount == 10)
        // The flushed values survive; the lost ones read as the store has them.
        #expect(try await layer.get("k0") == "v0")
        #expect(try await layer.get("k9") == "v9")
        #expect(try await layer.get("new3") == nil)
    }

    @Test func aFullDirtySetFlushesBeforeAcceptingAWrite() async throws {
        let store = CountingBackingStore()
        let layer = try makeLayer(store, maxDirtyCount: 4)
        for index in 0..<4 { try await layer.put("v\(index)", forKey: "k\(index)") }
        try await layer.put("again", forKey: "k0")
        #expect(store.batchCount == 0, "rewriting a dirty key needs no room")
        try await layer.put("v4", forKey: "k4")
        #expect(store.batchCount == 1)
        #expect(store.rawValue("k0") == "again")
        #expect(store.rawValue("k4") == nil)
        #expect(layer.statistics().dirtyEntryCount == 1)
    }

    @Test func aDirtyValueEvictedFromTheCacheIsStillRead() async throws {
        let store = CountingBackingStore(["a": "stored"])
        let layer = try makeLayer(store, entryCapacity: 1)
        try await layer.put("dirty", forKey: "a")
        try await layer.put("other", forKey: "b")
        #expect(!layer.cache.contains("a"))
        #expect(try await layer.get("a") == "dirty")
        #expect(store.loadCount == 0)
    }

    @Test func aFailedFlushKeepsTheWritesDirty() async throws {
        let store = CountingBackingStore()
        let layer = try makeLayer(store)
        try await layer.put("v1", forKey: "k")
        store.setFailsStores(true)
        await #expect(throws: CountingBackingStore.Failure.self) { try await layer.flush() }
        #expect(layer.statistics().dirtyEntryCount == 1)
        store.setFailsStores(false)
        #expect(try await layer.flush() == 1)
        #expect(store.rawValue("k") == "v1")
    }

    @Test func theFlushLoopFlushesPeriodicallyAndOnCancel() async throws {
        let store = CountingBackingStore()
        let layer = try makeLayer(store, flushIntervalNanos: 2_000_000)
        let loop = Task { await layer.runFlushLoop() }
        try await layer.put("v1", forKey: "k1")
        #expect(await eventually { store.rawValue("k1") == "v1" })
        try await layer.put("v2", forKey: "k2")
        loop.cancel()
        await loop.value
        #expect(store.rawValue("k2") == "v2")
        #expect(layer.statistics().dirtyEntryCount == 0)
    }
}
