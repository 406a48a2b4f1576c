import ScaleSupport

/// A fixed bijection of `0..<domainSize` onto itself, built from `StableHash`: a 4-round Feistel
/// network over the smallest even bit width that covers the domain, with cycle walking to stay
/// inside it. Scrambled zipfian uses it so hot ranks land on scattered keys while every key keeps
/// exactly one rank (the frequency profile is unchanged, unlike hash-mod-n which merges ranks).
public struct KeyPermutation: Sendable, Hashable {
    /// The permutation maps `0..<domainSize` onto itself.
    public let domainSize: UInt64
    private let halfBits: UInt64
    private let halfMask: UInt64
    // Computed, not stored: a constant with no lazy-initialisation check on the hot path.
    private static var roundKeys: (UInt64, UInt64, UInt64, UInt64) {
        (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    }

    /// The fixed permutation of `0..<domainSize` (which must be positive).
    public init(domainSize: UInt64) {
        precondition(domainSize > 0, "domainSize must be positive")
        self.domainSize = domainSize
        var bits: UInt64 = 0
        while bits < 32, (UInt64(1) << (2 * bits)) < domainSize { bits += 1 }
        halfBits = bits
        halfMask = bits == 32 ? UInt64(UInt32.max) : (UInt64(1) << bits) - 1
    }

    /// The image of `value` (which must be in the domain).
    @inline(__always)
    public func apply(_ value: UInt64) -> UInt64 {
        // The covering domain is under 4x the real one, so this walks fewer than 4 steps on average;
        // it always ends because `value`'s own cycle returns into the domain.
        var x = feistel(value)
        while x >= domainSize { x = feistel(x) }
        return x
    }

    @inline(__always)
    private func feistel(_ value: UInt64) -> UInt64 {
        var left = value >> halfBits
        var right = value & halfMask
        let keys = Self.roundKeys
        round(&left, &right, keys.0)
        round(&left, &right, keys.1)
        round(&left, &right, keys.2)
        round(&left, &right, keys.3)
        return (left << halfBits) | right
    }

    @inline(__always)
    private func round(_ left: inout UInt64, _ right: inout UInt64, _ key: UInt64) {
        let next = left ^ (StableHash.mix(right ^ key) & halfMask)
        left = right
        right = next
    }
}
