import ScaleSupport
/// A concurrent LRU cache with a TTL and two capacities (entries and bytes), split into
/// independently locked shards by `CacheKey.stableHash` so a hot key only serializes its shard.
///
/// Eviction is least-recently-used within a shard; each shard holds `capacity / shardCount`, so
/// the whole cache never exceeds either capacity. Time comes from the injected `Clock`.
public final class ShardedLRUCache<Key: CacheKey, Value: Sendable, Clock: NanoClock>: Sendable {
    /// Cost of an entry in bytes, charged against `CacheConfiguration.byteCapacity`.
    public typealias CostFunction = @Sendable (Key, Value) -> Int

    /// The limits this cache was built with.
    public let configuration: CacheConfiguration
    /// The clock TTLs are measured on.
    public let clock: Clock
    private let shards: CachePaddedLocks<LRUShard<Key, Value>>
    private let shardMask: UInt64
    private let cost: CostFunction

    /// Creates a cache; throws `CacheError.invalidConfiguration` when `configuration` is out of range.
    /// `cost` defaults to the in-line size of key plus value.
    public init(configuration: CacheConfiguration, clock: Clock, cost: CostFunction? = nil) throws(CacheError) {
        try configuration.validate()
        self.configuration = configuration
        self.clock = clock
        self.cost = cost ?? { _, _ in MemoryLayout<Key>.stride + MemoryLayout<Value>.stride }
        shardMask = UInt64(configuration.shardCount - 1)
        shards = CachePaddedLocks(count: configuration.shardCount) { _ in
            LRUShard(entryCapacity: configuration.entryCapacityPerShard, byteCapacity: configuration.byteCapacityPerShard)
        }
    }

    @inline(__always)
    func shardIndex(for key: Key) -> Int {
        // High bits: the low bits of the hash also pick the dictionary bucket in other layers.
        Int(truncatingIfNeeded: (key.stableHash >> 40) & shardMask)
    }

    /// Runs `body` with the shard holding `key` locked.
    @inline(__always)
    func withShard<Result>(of key: Key, _ body: (inout LRUShard<Key, Value>) -> Result) -> Result {
        shards.withLock(shardIndex(for: key), body)
    }

    /// Runs `body` on every shard in turn, each locked while its turn lasts.
    private func forEachShard(_ body: (inout LRUShard<Key, Value>) -> Void) {
        for index in 0..<shards.count { shards.withLock(index, body) }
    }

    /// The live value for `key` (counted as a hit, made most recent), or nil (counted as a miss).
    public func value(forKey key: Key) -> Value? {
        let clock = self.clock
        return withShard(of: key) { $0.value(forKey: key, clock: clock) }
    }

    /// Stores `value` for `key` with the configured TTL, or `ttlNanos` when given, evicting least
    /// recently used entries as needed. Returns false when the entry alone exceeds a shard's bytes.
    @discardableResult
    public func set(_ value: Value, forKey key: Key, ttlNanos: UInt64? = nil) -> Bool {
        let entryCostBytes = cost(key, value)
        let nowNanos = clock.nowNanos()
        let expiresAtNanos = Self.expiry(nowNanos: nowNanos, ttlNanos: ttlNanos ?? configuration.ttlNanos)
        return withShard(of: key) {
            $0.insert(value, forKey: key, costBytes: entryCostBytes, expiresAtNanos: expiresAtNanos, nowNanos: nowNanos)
        }
    }

    /// Drops `key`; returns the value it held, if any.
    @discardableResult
    public func removeValue(forKey key: Key) -> Value? {
        withShard(of: key) { $0.removeValue(forKey: key) }
    }

    /// Applies `body` to the value held for `key` without counting a hit or changing recency;
    /// returns nil when `key` is not held.
    @discardableResult
    public func update<Result>(forKey key: Key, _ body: (inout Value) -> Result) -> Result? {
        withShard(of: key) { $0.update(forKey: key, body) }
    }

    /// The live value for `key` without counting a hit or miss or changing recency (a
    /// read-modify-write such as an increment is not a lookup).
    public func peekValue(forKey key: Key) -> Value? {
        let nowNanos = clock.nowNanos()
        return withShard(of: key) { $0.liveValue(forKey: key, nowNanos: nowNanos) }
    }

    /// Whether `key` is held (even if expired), without counting or changing recency.
    public func contains(_ key: Key) -> Bool {
        withShard(of: key) { $0.contains(key) }
    }

    /// Drops every entry; counters are kept.
    public func removeAll() {
        forEachShard { $0.removeAll() }
    }

    /// Drops every expired entry now instead of on its next lookup; returns how many.
    @discardableResult
    public func purgeExpired() -> Int {
        let nowNanos = clock.nowNanos()
        var purged = 0
        forEachShard { purged += $0.purgeExpired(nowNanos: nowNanos) }
        return purged
    }

    /// Entries held now.
    public var count: Int {
        var total = 0
        forEachShard { total += $0.count }
        return total
    }

    /// Summed cost of the entries held now.
    public var costBytes: Int {
        var total = 0
        forEachShard { total += $0.costBytes }
        return total
    }

    /// Hits, misses, evictions, expirations and current size, summed over the shards.
    public func statistics() -> CacheStatistics {
        var statistics = CacheStatistics()
        forEachShard { state in
            statistics.hits += state.hits
            statistics.misses += state.misses
            statistics.evictions += state.evictions
            statistics.expirations += state.expirations
            statistics.entryCount += state.count
            statistics.costBytes += state.costBytes
        }
        return statistics
    }

    /// Keys of the shard holding `key`, least recently used first (tests and debugging).
    func keysOldestFirst(inShardOf key: Key) -> [Key] {
        withShard(of: key) { $0.keysOldestFirst() }
    }

    /// Runs the O(n) consistency check on every shard (tests).
    func checkInvariants() {
        forEachShard { $0.checkInvariants() }
    }

    static func expiry(nowNanos: UInt64, ttlNanos: UInt64?) -> UInt64 {
        guard let ttlNanos else { return .max }
        let (sum, overflow) = nowNanos.addingReportingOverflow(ttlNanos)
        return overflow ? .max : sum
    }
}
