import ScaleSupport

/// A `ShardedLRUCache` of string keys and byte values on the system clock, compiled in this module
/// so that callers in other modules (the cluster's cache tier) run specialized code: through the
/// generic type from outside, a hit spent most of its time instantiating generic metadata and
/// copying through value witnesses (`micro cache-tier`).
package final class ByteValueCache: Sendable {
    /// Cost of an entry in bytes, charged against the byte capacity.
    package typealias CostFunction = @Sendable (String, [UInt8]) -> Int

    let cache: ShardedLRUCache<String, [UInt8], SystemNanoClock>

    /// Creates a cache; throws `CacheError.invalidConfiguration` when `configuration` is out of range.
    package init(configuration: CacheConfiguration, cost: CostFunction? = nil) throws(CacheError) {
        cache = try ShardedLRUCache(configuration: configuration, clock: SystemNanoClock(), cost: cost)
    }

    /// The limits this cache was built with.
    package var configuration: CacheConfiguration { cache.configuration }

    /// The live value for `key` (a hit, made most recent), or nil (a miss).
    package func value(forKey key: String) -> [UInt8]? { cache.value(forKey: key) }

    /// Stores `value` for `ttlNanos` (nil: the configured TTL); false when it alone exceeds a shard's bytes.
    @discardableResult
    package func set(_ value: [UInt8], forKey key: String, ttlNanos: UInt64? = nil) -> Bool {
        cache.set(value, forKey: key, ttlNanos: ttlNanos)
    }

    /// The live value for `key` without counting or changing recency.
    package func peekValue(forKey key: String) -> [UInt8]? { cache.peekValue(forKey: key) }

    /// Drops `key`; returns the value it held, if any.
    @discardableResult
    package func removeValue(forKey key: String) -> [UInt8]? { cache.removeValue(forKey: key) }

    /// Drops every entry; counters are kept.
    package func removeAll() { cache.removeAll() }

    /// Entries held now.
    package var count: Int { cache.count }

    /// Hits, misses, evictions, expirations and current size.
    package func statistics() -> CacheStatistics { cache.statistics() }

    /// The lock shard (an LRU of its own, `configuration.shardCount` of them) that holds `key`.
    package func shardIndex(for key: String) -> Int { cache.shardIndex(for: key) }
}
