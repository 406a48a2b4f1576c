import ScaleSupport
/// How a `CachedStore` handles writes. Reads are the same for all three: a hit is served from the
/// cache; a miss loads from the backing store once (coalesced) and fills the cache.
public enum CacheWritePolicy: Sendable, Hashable {
    /// Cache-aside: write the backing store, then invalidate (drop) the cached entry, so the next
    /// read loads the new value.
    case invalidate
    /// Write-through: write the backing store, then put the new value in the cache. When writes to
    /// one key overlap, their order in the store is unknown, so the entry is dropped instead.
    case writeThrough
    /// Write-back (write-behind): write the cache and a bounded dirty set; flushes hand the dirty
    /// set to the backing store. Writes not yet flushed are lost on `crash()`.
    case writeBack(WriteBackOptions)
}

/// Limits of the write-back dirty set.
public struct WriteBackOptions: Sendable, Hashable {
    /// Period of `CachedStore.runFlushLoop()`.
    public var flushIntervalNanos: UInt64
    /// Most distinct keys waiting to be flushed; a write that finds the set full flushes first.
    public var maxDirtyCount: Int

    /// Creates write-back limits.
    public init(flushIntervalNanos: UInt64 = 100_000_000, maxDirtyCount: Int = 1_024) {
        self.flushIntervalNanos = flushIntervalNanos
        self.maxDirtyCount = maxDirtyCount
    }
}

/// What a simulated crash of a write-back cache destroyed.
public struct WriteBackCrashReport: Sendable, Hashable {
    /// Keys whose latest value never reached the backing store.
    public var lostKeyCount: Int
    /// Acknowledged `put` calls folded into those keys (several writes to one key count each).
    public var lostWriteCount: Int

    /// Creates a report.
    public init(lostKeyCount: Int, lostWriteCount: Int) {
        self.lostKeyCount = lostKeyCount
        self.lostWriteCount = lostWriteCount
    }
}
