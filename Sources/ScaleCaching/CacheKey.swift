import ScaleSupport
/// A key the caching layer can place on a shard: `Hashable` for the shard's dictionary, plus a
/// stable 64-bit hash (via `StableHash`) so shard placement, and with it eviction order, is the
/// same in every run.
public protocol CacheKey: Hashable, Sendable {
    /// The key's `StableHash` value.
    var stableHash: UInt64 { get }
}

extension UInt64: CacheKey {
    /// `StableHash.hash(self)`.
    @inlinable public var stableHash: UInt64 { StableHash.hash(self) }
}

extension Int: CacheKey {
    /// `StableHash.hash` of the bit pattern.
    @inlinable public var stableHash: UInt64 { StableHash.hash(UInt64(bitPattern: Int64(self))) }
}

extension String: CacheKey {
    /// `StableHash.hash` of the UTF-8 bytes.
    @inlinable public var stableHash: UInt64 { StableHash.hash(self) }
}
