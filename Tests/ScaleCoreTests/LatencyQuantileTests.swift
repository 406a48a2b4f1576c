import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct LatencyQuantileTests {
    static let distributions: [LatencyDistribution] = [
        .constant(nanos: 200_000),
        .uniform(minNanos: 100_000, maxNanos: 300_000),
        .exponential(meanNanos: 200_000),
        .lognormal(medianNanos: 200_000, sigma: 0.5),
        .normal(meanNanos: 200_000, stddevNanos: 30_000),
    ]

    @Test("theory quantiles match 200k draws at p50 and p99", arguments: distributions)
    func quantilesMatchDraws(distribution: LatencyDistribution) {
        var generator = SeededGenerator(seed: 5)
        let draws = (0..<200_000).map { _ in distribution.sampleNanos(using: &generator) }.sorted()
        for p in [0.5, 0.99] {
            let drawn = Double(draws[Int(p * Double(draws.count))])
            let theory = distribution.quantileNanos(p)
            #expect(abs(drawn - theory) <= theory * 0.02, "\(distribution) p\(p * 100): drawn \(drawn), theory \(theory)")
        }
    }

    @Test func standardNormalQuantileKnownValues() {
        #expect(abs(LatencyDistribution.standardNormalQuantile(0.5)) < 1e-9)
        #expect(abs(LatencyDistribution.standardNormalQuantile(0.99) - 2.326_347_874) < 1e-6)
        #expect(abs(LatencyDistribution.standardNormalQuantile(0.01) + 2.326_347_874) < 1e-6)
        #expect(abs(LatencyDistribution.standardNormalQuantile(0.8413447) - 1) < 1e-5)
    }
}
