import ScaleSupport
import Synchronization

/// A shared cache layer in front of a `BackingStore`: a `ShardedLRUCache` plus a write policy
/// (cache-aside invalidation, write-through or write-back), single-flight loads, and the
/// registry of `NearCache`s whose stale reads it counts.
///
/// Guarantees: concurrent misses on one key cause one backend load; a load that overlaps a write
/// never fills the cache with the older value; write-through never leaves an older value cached
/// than the store holds (overlapping writes drop the entry instead); write-back never reads back
/// an older stored value while a newer one waits to be flushed.
public final class CachedStore<Store: BackingStore, Clock: NanoClock>: Sendable {
    /// The backing store's key type.
    public typealias Key = Store.Key
    /// The backing store's value type.
    public typealias Value = Store.Value

    /// A near cache registered for write notifications; weak so a client can simply go away.
    struct NearCacheReference: Sendable {
        weak var nearCache: NearCache<Store, Clock>?
    }

    /// The store behind the cache.
    public let backingStore: Store
    /// The shared cache (its counters are part of `statistics()`).
    public let cache: ShardedLRUCache<Key, Value, Clock>
    /// How writes reach the cache and the store.
    public let writePolicy: CacheWritePolicy
    let activity: CacheKeyActivity<Key, Value>
    let writeBack: CacheWriteBackBuffer<Key, Value>?
    let nearCaches = Locked<[ObjectIdentifier: NearCacheReference]>([:])
    private let backendLoads = Atomic<Int>(0)
    private let loadsCoalesced = Atomic<Int>(0)
    let staleReadsServed = Atomic<Int>(0)

    /// Creates the layer; throws `CacheError.invalidConfiguration` for a bad cache configuration
    /// or write-back options.
    public init(
        store: Store,
        cache configuration: CacheConfiguration,
        writePolicy: CacheWritePolicy,
        clock: Clock,
        cost: ShardedLRUCache<Key, Value, Clock>.CostFunction? = nil
    ) throws(CacheError) {
        backingStore = store
        cache = try ShardedLRUCache(configuration: configuration, clock: clock, cost: cost)
        self.writePolicy = writePolicy
        activity = CacheKeyActivity(stripeCount: configuration.shardCount)
        if case .writeBack(let options) = writePolicy {
            guard options.maxDirtyCount >= 1, options.flushIntervalNanos >= 1 else {
                throw CacheError(.invalidConfiguration, "write-back needs maxDirtyCount >= 1 and flushIntervalNanos >= 1, got \(options)")
            }
            writeBack = CacheWriteBackBuffer(options: options)
        } else {
            writeBack = nil
        }
    }

    /// The value for `key`: from the cache on a hit; on a miss from the write-back dirty set or
    /// one backend load shared by all concurrent misses on `key` (each gets its value or error).
    /// Nil when the store has no value (absence is not cached).
    public func get(_ key: Key) async throws -> Value? {
        if let value = cache.value(forKey: key) { return value }
        let writeBack = self.writeBack
        let cache = self.cache
        let (value, source) = try await activity.load(
            key,
            precheck: { writeBack?.value(forKey: key) },
            loader: {
                backendLoads.add(1, ordering: .relaxed)
                return try await backingStore.load(key)
            },
            fill: { key, value in cache.set(value, forKey: key) }
        )
        if source == .coalesced { loadsCoalesced.add(1, ordering: .relaxed) }
        return value
    }

    /// Cache counters plus backend loads, coalesced loads, stale reads served by near caches
    /// and the write-back dirty set.
    public func statistics() -> CacheStatistics {
        var statistics = cache.statistics()
        statistics.backendLoads = backendLoads.load(ordering: .relaxed)
        statistics.loadsCoalesced = loadsCoalesced.load(ordering: .relaxed)
        statistics.staleReadsServed = staleReadsServed.load(ordering: .relaxed)
        if let (dirty, flushed) = writeBack?.counts() {
            statistics.dirtyEntryCount = dirty
            statistics.flushedEntryCount = flushed
        }
        return statistics
    }
}
