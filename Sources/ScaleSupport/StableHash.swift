/// A stable 64-bit hash: the same value in every run and every process.
///
/// Swift's `Hasher` is seeded per process, so placements computed with it would differ between
/// runs; partitioners and scrambled distributions use this instead. Arithmetic wraps (`&*`)
/// because overflow traps in release builds too.
public enum StableHash {
    /// The MurmurHash3 / SplitMix64 finalizer: a bijective mix of all 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hash of an integer key.
    @inlinable
    public static func hash(_ key: UInt64) -> UInt64 { mix(key) }

    /// Hash of a string's UTF-8 bytes (FNV-1a folded through `mix` for avalanche).
    @inlinable
    public static func hash(_ key: String) -> UInt64 {
        var copy = key
        return copy.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Hash of raw bytes.
    @inlinable
    public static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return mix(h ^ UInt64(truncatingIfNeeded: bytes.count))
    }
}
