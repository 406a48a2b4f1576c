#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScaleSupport

/// Zipfian keys: key `r` (0-based rank) has probability proportional to 1 / (r + 1)^theta, so the
/// low key numbers are the popular ones.
///
/// Uses the constant-time method of Gray et al., "Quickly generating billion-record synthetic
/// databases" (SIGMOD '94), as YCSB's `ZipfianGenerator` does. Setup computes zeta(n) with
/// `Zeta.value`, which does not walk all `n` terms, so 100 million keys set up in microseconds.
public struct ZipfianKeyGenerator: KeyGenerating {
    /// Keys (ranks) are drawn from `0..<keyCount`.
    public let keyCount: UInt64
    /// Skew, in (0, 1); larger is more skewed.
    public let theta: Double
    /// zeta(keyCount, theta): the normalising constant.
    public let zetaN: Double
    private let alpha: Double
    private let eta: Double
    /// 1 + 0.5^theta: draws below this (scaled by zetaN) are rank 1.
    private let secondRankBound: Double

    /// Throws unless `keyCount > 0` and `0 < theta < 1`.
    public init(keyCount: UInt64, theta: Double = KeyDistributionSpec.defaultTheta) throws {
        guard keyCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "keyCount must be positive; set at least 1 key")
        }
        guard theta > 0, theta < 1 else {
            throw LoadGeneratorError(.invalidDistribution, "zipfian theta must be in (0, 1), got \(theta); e.g. zipfian:0.99")
        }
        self.keyCount = keyCount
        self.theta = theta
        zetaN = Zeta.value(n: keyCount, theta: theta)
        let zeta2 = Zeta.value(n: 2, theta: theta)
        alpha = 1 / (1 - theta)
        eta = (1 - pow(2 / Double(keyCount), 1 - theta)) / (1 - zeta2 / zetaN)
        secondRankBound = 1 + pow(0.5, theta)
    }

    /// The next rank, 0 = most popular.
    @inline(__always)
    public func nextRank(using random: inout SeededGenerator) -> UInt64 {
        let u = random.nextUnitDouble()
        let uz = u * zetaN
        if uz < 1 { return 0 }
        if uz < secondRankBound { return Swift.min(1, keyCount - 1) }
        let rank = Double(keyCount) * pow(eta * u - eta + 1, alpha)
        // Rounding can land exactly on keyCount; clamp into range.
        return rank < Double(keyCount) ? UInt64(rank) : keyCount - 1
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        nextRank(using: &random)
    }
}
