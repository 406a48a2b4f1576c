import ScaleSupport
/// Limits and TTL of a `ShardedLRUCache`.
public struct CacheConfiguration: Sendable, Hashable {
    /// Most entries the whole cache holds; each shard gets `entryCapacity / shardCount`.
    public var entryCapacity: Int
    /// Most bytes (summed costs) the whole cache holds; each shard gets `byteCapacity / shardCount`.
    public var byteCapacity: Int
    /// Number of independently locked shards; a power of two so placement is a mask.
    public var shardCount: Int
    /// Lifetime of an entry from its last write; `nil` means entries never expire.
    public var ttlNanos: UInt64?

    /// Creates a configuration; `validate()` checks it.
    public init(entryCapacity: Int, byteCapacity: Int = .max, shardCount: Int = 16, ttlNanos: UInt64? = nil) {
        self.entryCapacity = entryCapacity
        self.byteCapacity = byteCapacity
        self.shardCount = shardCount
        self.ttlNanos = ttlNanos
    }

    /// Entries one shard may hold.
    public var entryCapacityPerShard: Int { entryCapacity / shardCount }
    /// Bytes one shard may hold.
    public var byteCapacityPerShard: Int { byteCapacity / shardCount }

    /// Throws `CacheError.invalidConfiguration` when a limit is out of range.
    public func validate() throws(CacheError) {
        guard shardCount >= 1, shardCount & (shardCount - 1) == 0 else {
            throw CacheError(.invalidConfiguration, "shardCount must be a power of two >= 1, got \(shardCount)")
        }
        guard entryCapacity >= shardCount else {
            throw CacheError(.invalidConfiguration, "entryCapacity \(entryCapacity) is below shardCount \(shardCount)")
        }
        guard byteCapacity >= shardCount else {
            throw CacheError(.invalidConfiguration, "byteCapacity \(byteCapacity) is below shardCount \(shardCount)")
        }
        if let ttlNanos, ttlNanos == 0 {
            throw CacheError(.invalidConfiguration, "ttlNanos must be > 0 (use nil for no expiry)")
        }
    }
}
