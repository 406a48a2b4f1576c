/// A fast, seedable pseudo-random generator (xoshiro256**), seeded through SplitMix64.
///
/// Every workload, network delay and fault schedule draws from one of these so a run replays
/// exactly from its printed seed. `SystemRandomNumberGenerator` is never used in a workload.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// The seed this generator started from, kept so reports can print it.
    public let seed: UInt64

    /// Creates a generator whose whole output sequence is determined by `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A generator for stream `index` of a run seeded with `seed` (one stream per worker or link).
    public init(seed: UInt64, stream index: Int) {
        self.init(seed: StableHash.mix(seed &+ StableHash.mix(UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15)))
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 bits of precision.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    @inlinable
    func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64: expands one 64-bit seed into well-mixed state words.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// Creates the generator at `state`.
    public init(state: UInt64) { self.state = state }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.mix(state)
    }
}
