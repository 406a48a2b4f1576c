import ScaleSupport

/// Zipfian popularity with the popular keys scattered over the key space: rank `r` maps to key
/// `KeyPermutation(keyCount).apply(r)`. The permutation is fixed (not seeded) so the hot keys are
/// the same in every run, as in YCSB.
public struct ScrambledZipfianKeyGenerator: KeyGenerating {
    /// Draws the popularity rank.
    public let zipfian: ZipfianKeyGenerator
    /// Maps ranks to keys.
    public let permutation: KeyPermutation

    /// Throws on a bad theta or key count.
    public init(keyCount: UInt64, theta: Double = KeyDistributionSpec.defaultTheta) throws {
        zipfian = try ZipfianKeyGenerator(keyCount: keyCount, theta: theta)
        permutation = KeyPermutation(domainSize: keyCount)
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        permutation.apply(zipfian.nextRank(using: &random))
    }
}
