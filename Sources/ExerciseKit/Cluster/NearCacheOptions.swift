/// A near cache: a small in-process LRU with a short TTL that one service instance keeps in front
/// of the cache tier (see `CacheClient` for what it may serve stale).
public struct NearCacheOptions: Sendable, Hashable {
    /// Most entries held (the instance's hot keys), 1 … `maximumEntryCapacity`.
    public var entryCapacity: Int
    /// Lifetime of an entry: the longest a value overwritten by another instance is still served.
    public var ttl: Duration

    /// Most entries a near cache may hold.
    public static let maximumEntryCapacity = 1 << 20
    /// Longest near-cache TTL (one minute: longer is a second cache tier, not a near cache).
    public static let maximumTTL = Duration.seconds(60)

    /// Creates options; `validate()` checks them.
    public init(entryCapacity: Int = 1_024, ttl: Duration = .milliseconds(50)) {
        self.entryCapacity = entryCapacity
        self.ttl = ttl
    }

    /// Throws a one-line `ClusterError` naming the value and its allowed range.
    public func validate() throws(ClusterError) {
        guard (1...Self.maximumEntryCapacity).contains(entryCapacity) else {
            throw ClusterError("near cache capacity \(entryCapacity) is out of range; use 1 to \(Self.maximumEntryCapacity) entries")
        }
        guard ttl > .zero, ttl <= Self.maximumTTL else {
            throw ClusterError("near cache TTL \(ttl) is out of range; use more than 0 and at most 60 s")
        }
    }
}
