import Testing
@testable import Reporting

@Suite("Mann-Whitney U")
struct MannWhitneyUTests {
    /// Reference p-values from SciPy 1.17: `mannwhitneyu(x, y, method="asymptotic", alternative="two-sided")`.
    static let knownExamples: [(x: [Double], y: [Double], u: Double, pValue: Double)] = [
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012185780355344813),
        ([1.1, 2.2, 3.3, 4.4, 5.5, 6.6], [2, 4, 6, 8, 10, 12, 14], 9, 0.10041249398610284),
        ([3, 3, 4, 5, 5, 5, 7], [4, 5, 5, 6, 8, 8, 9], 10.5, 0.07667875432086815),
        ([19, 22, 16, 29, 24], [20, 11, 17, 12], 17, 0.11134688653314041),
        ([100, 101, 99, 102, 98, 100], [100, 99, 101, 103, 98, 97], 20.5, 0.7457495492415471),
    ]

    @Test("matches SciPy's U and p-value on known samples, ties included", arguments: 0..<5)
    func knownPValues(index: Int) throws {
        let example = Self.knownExamples[index]
        let result = try #require(MannWhitneyU.test(example.x, example.y))
        #expect(result.u == example.u)
        #expect(abs(result.pValue - example.pValue) < 1e-9)
    }

    @Test("two-sided: swapping the samples keeps the p-value")
    func symmetric() throws {
        let forward = try #require(MannWhitneyU.test([1, 5, 9, 12, 13], [2, 3, 4, 6, 7]))
        let backward = try #require(MannWhitneyU.test([2, 3, 4, 6, 7], [1, 5, 9, 12, 13]))
        #expect(abs(forward.pValue - backward.pValue) < 1e-12)
        #expect(forward.u + backward.u == 25)
    }

    @Test("identical samples (all ties) give p = 1, empty samples no result")
    func degenerate() throws {
        let ties = try #require(MannWhitneyU.test([10, 10, 10, 10, 10], [10, 10, 10, 10, 10]))
        #expect(ties.pValue == 1)
        #expect(MannWhitneyU.test([], [1, 2]) == nil)
        #expect(MannWhitneyU.test([1], []) == nil)
    }
}
