import ScaleSupport
/// Counters of a cache or cache layer since it was created. Fields a component does not have
/// stay zero (a bare `ShardedLRUCache` never loads, so `backendLoads` is 0).
public struct CacheStatistics: Sendable, Hashable, Codable {
    /// Lookups answered from the cache.
    public var hits = 0
    /// Lookups the cache could not answer (absent or expired).
    public var misses = 0
    /// Entries dropped to respect the entry or byte capacity.
    public var evictions = 0
    /// Entries dropped because their TTL had passed.
    public var expirations = 0
    /// Hits that returned a value older than the latest write the cache layer knew of
    /// (a near cache serving a key another client has since written).
    public var staleReadsServed = 0
    /// Loads issued to the backing store.
    public var backendLoads = 0
    /// Misses that waited for another caller's in-flight load instead of loading themselves.
    public var loadsCoalesced = 0
    /// Entries currently held.
    public var entryCount = 0
    /// Summed cost of the entries currently held.
    public var costBytes = 0
    /// Write-back: keys written but not yet handed to the backing store.
    public var dirtyEntryCount = 0
    /// Write-back: entries written to the backing store by flushes.
    public var flushedEntryCount = 0

    /// All-zero counters.
    public init() {}

    /// Hits over lookups, 0 when there were none.
    public var hitRatio: Double {
        let lookups = hits + misses
        return lookups == 0 ? 0 : Double(hits) / Double(lookups)
    }
}
