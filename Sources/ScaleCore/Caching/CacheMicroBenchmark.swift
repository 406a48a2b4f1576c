#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// `scalebench micro cache`: the cost of a cache hit next to the floor of a plain `Dictionary`
/// lookup under one `Mutex`, on one thread and on two threads sharing the structure.
public enum CacheMicroBenchmark {
    /// Measures hits on 1 and 2 threads; each figure is the best of `repetitions` runs.
    public static func run(operationsPerThread: Int = 2_000_000, keyCount: Int = 1_000, repetitions: Int = 3) -> MicroBenchmarkReport {
        let keys = (0..<UInt64(max(1, keyCount))).map { $0 &* 0x9E37_79B9 }
        let floor = Mutex<[UInt64: UInt64]>(Dictionary(uniqueKeysWithValues: keys.map { ($0, $0) }))
        let plainCache = makeFilledCache(keys: keys, ttlNanos: nil)
        let ttlCache = makeFilledCache(keys: keys, ttlNanos: 3_600_000_000_000)
        let lookups: [UInt64] = {
            var generator = SeededGenerator(seed: 42)
            return (0..<4_096).map { _ in keys[Int(generator.next() % UInt64(keys.count))] }
        }()

        func best(threads: Int, _ lookup: @escaping @Sendable (UInt64) -> UInt64) -> Double {
            (0..<max(1, repetitions)).map { _ in
                nanosPerOperation(threads: threads, operationsPerThread: operationsPerThread, lookups: lookups, lookup)
            }.min() ?? 0
        }

        let floorLookup: @Sendable (UInt64) -> UInt64 = { key in floor.withLock { $0[key] ?? 0 } }
        let cacheLookup: @Sendable (UInt64) -> UInt64 = { key in plainCache.value(forKey: key) ?? 0 }
        let ttlLookup: @Sendable (UInt64) -> UInt64 = { key in ttlCache.value(forKey: key) ?? 0 }

        let floorOne = best(threads: 1, floorLookup)
        let cacheOne = best(threads: 1, cacheLookup)
        let ttlOne = best(threads: 1, ttlLookup)
        let floorTwo = best(threads: 2, floorLookup)
        let cacheTwo = best(threads: 2, cacheLookup)

        let hitsOK = plainCache.statistics().misses == 0 && ttlCache.statistics().misses == 0
        let rows = [
            MicroBenchmarkRow(name: "Mutex<Dictionary> lookup, 1 thread (floor)", value: floorOne, unit: "ns/op"),
            MicroBenchmarkRow(name: "cache hit, 1 thread", value: cacheOne, unit: "ns/op",
                              detail: ratio(cacheOne, floorOne) + " the floor (LRU move-to-front, stable hash, shard lock)"),
            MicroBenchmarkRow(name: "cache hit with TTL, 1 thread", value: ttlOne, unit: "ns/op",
                              detail: ratio(ttlOne, floorOne) + " the floor (adds a clock read)"),
            MicroBenchmarkRow(name: "Mutex<Dictionary> lookup, 2 threads (floor)", value: floorTwo, unit: "ns/op",
                              detail: "per thread; one lock shared by both"),
            MicroBenchmarkRow(name: "cache hit, 2 threads", value: cacheTwo, unit: "ns/op",
                              detail: "per thread; " + ratio(cacheTwo, floorTwo) + " the 2-thread floor"),
        ]
        let verdict = "cache hit \(ratio(cacheOne, floorOne)) a Mutex<Dictionary> lookup on 1 thread, "
            + "\(ratio(cacheTwo, floorTwo)) on 2 threads" + (hitsOK ? "" : " (WARNING: some lookups missed)")
        return MicroBenchmarkReport(title: "Cache get on a hit (\(keyCount) keys, \(operationsPerThread) ops/thread)", rows: rows, verdict: verdict)
    }

    private static func makeFilledCache(keys: [UInt64], ttlNanos: UInt64?) -> ShardedLRUCache<UInt64, UInt64, SystemNanoClock> {
        // Twice the keys per shard so no hit is lost to an unlucky shard filling up.
        let shardCount = keys.count >= 16 ? 16 : 1
        let configuration = CacheConfiguration(entryCapacity: max(keys.count * 2, shardCount), shardCount: shardCount, ttlNanos: ttlNanos)
        guard let cache = try? ShardedLRUCache<UInt64, UInt64, SystemNanoClock>(configuration: configuration, clock: SystemNanoClock()) else {
            preconditionFailure("a power-of-two shard count with capacity >= shards is always valid")
        }
        for key in keys { cache.set(key, forKey: key) }
        return cache
    }

    private static func ratio(_ value: Double, _ floor: Double) -> String {
        guard floor > 0 else { return "n/a" }
        return String(Int((value / floor * 100).rounded())) + "% of"
    }

    /// Runs `lookup` over `lookups` on `threads` real threads at once; wall nanoseconds per operation per thread.
    private static func nanosPerOperation(
        threads: Int,
        operationsPerThread: Int,
        lookups: [UInt64],
        _ lookup: @escaping @Sendable (UInt64) -> UInt64
    ) -> Double {
        let mask = lookups.count - 1
        let sink = Atomic<UInt64>(0)
        let startNanos = MonotonicClock.nowNanos()
        CacheBenchmarkThreads.run(count: threads) { thread in
            var sum: UInt64 = 0
            var index = thread &* 977
            for _ in 0..<operationsPerThread {
                sum &+= lookup(lookups[index & mask])
                index &+= 1
            }
            sink.add(sum, ordering: .relaxed)
        }
        let elapsedNanos = MonotonicClock.nowNanos() - startNanos
        return Double(elapsedNanos) / Double(operationsPerThread)
    }
}

/// Runs a body on several real threads at once and joins them (benchmarks need real parallelism,
/// not tasks that the cooperative pool may serialize).
enum CacheBenchmarkThreads {
    private final class Job: Sendable {
        let body: @Sendable (Int) -> Void
        let index: Int
        init(body: @escaping @Sendable (Int) -> Void, index: Int) {
            self.body = body
            self.index = index
        }
    }

    static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 0..<count {
            let job = Unmanaged.passRetained(Job(body: body, index: index)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                let job = Unmanaged<Job>.fromOpaque(argument).takeRetainedValue()
                job.body(job.index)
                return nil
            }, job)
            precondition(status == 0, "pthread_create failed: \(status)")
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}
