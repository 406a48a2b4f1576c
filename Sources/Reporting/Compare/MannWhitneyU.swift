import Foundation

/// The outcome of a two-sided Mann-Whitney U test.
public struct MannWhitneyResult: Sendable, Hashable {
    /// U of the first sample: how many (x, y) pairs have x > y, ties counting one half.
    public var u: Double
    /// The standardised statistic (continuity- and tie-corrected).
    public var z: Double
    /// Two-sided p-value from the normal approximation.
    public var pValue: Double
}

/// The Mann-Whitney U (Wilcoxon rank-sum) test: do two samples come from the same distribution?
///
/// Rank-based, so it suits benchmark repetitions, which are skewed and have outliers. Uses the
/// normal approximation with tie correction and a 0.5 continuity correction, two-sided; the same
/// figures as SciPy's `mannwhitneyu(x, y, method="asymptotic")` and R's `wilcox.test(exact = FALSE)`.
public enum MannWhitneyU {
    /// Tests `x` against `y`; nil when either sample is empty.
    public static func test(_ x: [Double], _ y: [Double]) -> MannWhitneyResult? {
        let n1 = Double(x.count)
        let n2 = Double(y.count)
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let pooled = (x.map { ($0, true) } + y.map { ($0, false) }).sorted { $0.0 < $1.0 }
        let n = pooled.count

        var rankSumX = 0.0
        var tieTerm = 0.0
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n, pooled[end + 1].0 == pooled[start].0 { end += 1 }
            // Tied values share the mean of the ranks they span (ranks are 1-based).
            let averageRank = Double(start + end + 2) / 2
            for index in start...end where pooled[index].1 { rankSumX += averageRank }
            let tieCount = Double(end - start + 1)
            tieTerm += tieCount * tieCount * tieCount - tieCount
            start = end + 1
        }

        let u1 = rankSumX - n1 * (n1 + 1) / 2
        let mean = n1 * n2 / 2
        let total = Double(n)
        let variance = n1 * n2 / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else { return MannWhitneyResult(u: u1, z: 0, pValue: 1) }
        let z = Swift.max(0, abs(u1 - mean) - 0.5) / variance.squareRoot()
        let pValue = Swift.min(1, erfc(z / 2.0.squareRoot()))
        return MannWhitneyResult(u: u1, z: z, pValue: pValue)
    }
}
