import Foundation
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

extension NetworkTests {
    @Suite struct NetworkLatencyTests {
        @Test(arguments: [
            ("constant:200us", LatencyDistribution.constant(nanos: 200_000)),
            ("uniform:50us:150us", .uniform(minNanos: 50_000, maxNanos: 150_000)),
            ("normal:100us:20us", .normal(meanNanos: 100_000, stddevNanos: 20_000)),
            ("exponential:100us", .exponential(meanNanos: 100_000)),
            ("lognormal:1ms:0.3", .lognormal(medianNanos: 1_000_000, sigma: 0.3)),
            ("constant:1.5ms", .constant(nanos: 1_500_000)),
            ("constant:250ns", .constant(nanos: 250)),
            ("constant:2µs", .constant(nanos: 2_000)),
            ("none", LatencyDistribution.none),
            ("same-zone", .sameZone),
            ("Cross-Zone", .crossZone),
            ("cross-region", .crossRegion),
        ])
        func parsesProfilesAndDistributions(text: String, expected: LatencyDistribution) throws {
            let parsed = try LatencyDistribution(parsing: text)
            #expect(parsed == expected)
            #expect(try LatencyDistribution(parsing: parsed.description) == parsed, "description must parse back")
            let json = try JSONEncoder().encode([parsed])
            #expect(try JSONDecoder().decode([LatencyDistribution].self, from: json) == [parsed])
        }

        @Test(arguments: [
            ("fast", "unknown delay profile"),
            ("constant", "constant needs a delay"),
            ("constant:abc", "is not a duration"),
            ("constant:-5us", "is negative"),
            ("constant:2h", "is not a duration"),
            ("constant:5000s", "longer than 1 hour"),
            ("uniform:150us:50us", "minimum is above its maximum"),
            ("uniform:50us", "uniform needs a minimum and a maximum"),
            ("lognormal:1ms", "lognormal needs a median and a sigma"),
            ("lognormal:1ms:x", "sigma \"x\" must be a number"),
            ("normal:100us:20us:3", "normal needs a mean and a standard deviation"),
        ])
        func rejectsBadDelaysWithOneLineFix(text: String, problem: String) {
            #expect {
                try LatencyDistribution(parsing: text)
            } throws: { error in
                guard let error = error as? NetworkConfigError else { return false }
                return error.code == .invalidDelay && error.message.contains(problem)
                    && error.message.contains(text) && !error.message.contains("\n")
                    && (error.message.contains("write") || error.message.contains("use "))
            }
        }

        @Test(arguments: [
            LatencyDistribution.uniform(minNanos: 50_000, maxNanos: 150_000),
            .normal(meanNanos: 100_000, stddevNanos: 20_000),
            .exponential(meanNanos: 100_000),
            .lognormal(medianNanos: 1_000_000, sigma: 0.3),
            .sameZone,
        ])
        func sampledMomentsMatchTheDistribution(distribution: LatencyDistribution) async {
            var generator = SeededGenerator(seed: 11)
            let sampleCount = 40_000
            var sum = 0.0
            var sumOfSquares = 0.0
            for index in 0..<sampleCount {
                let sample = Double(distribution.sampleNanos(using: &generator))
                sum += sample
                sumOfSquares += sample * sample
                // Leave the shared cooperative threads to timing tests now and then.
                if index % 4_096 == 0 { await Task.yield() }
            }
            let mean = sum / Double(sampleCount)
            let stddev = (sumOfSquares / Double(sampleCount) - mean * mean).squareRoot()
            #expect(abs(mean / distribution.meanNanos - 1) < 0.015, "mean \(mean) vs \(distribution.meanNanos)")
            #expect(abs(stddev / distribution.stddevNanos - 1) < 0.04, "stddev \(stddev) vs \(distribution.stddevNanos)")
        }

        @Test func lognormalMedianIsTheConfiguredMedian() {
            var generator = SeededGenerator(seed: 5)
            let distribution = LatencyDistribution.lognormal(medianNanos: 1_000_000, sigma: 0.5)
            let samples = (0..<20_001).map { _ in distribution.sampleNanos(using: &generator) }
            let median = Double(samples.sorted()[10_000])
            #expect(abs(median / 1_000_000 - 1) < 0.02)
        }

        @Test func constantAndUniformStayInBounds() {
            var generator = SeededGenerator(seed: 3)
            for _ in 0..<2_000 {
                #expect(LatencyDistribution.constant(nanos: 700).sampleNanos(using: &generator) == 700)
                let uniform = LatencyDistribution.uniform(minNanos: 50_000, maxNanos: 150_000)
                #expect((50_000...150_000).contains(uniform.sampleNanos(using: &generator)))
                #expect(LatencyDistribution.none.sampleNanos(using: &generator) == 0)
            }
        }

        @Test func extremeTailsAreClampedInsteadOfTrapping() {
            var generator = SeededGenerator(seed: 9)
            let wild = LatencyDistribution.lognormal(medianNanos: 3_000_000_000_000, sigma: 4)
            for _ in 0..<2_000 {
                #expect(wild.sampleNanos(using: &generator) <= 3_600_000_000_000)
            }
        }

        @Test func samplingReplaysFromTheSeed() {
            var a = SeededGenerator(seed: 21)
            var b = SeededGenerator(seed: 21)
            let distribution = LatencyDistribution.exponential(meanNanos: 100_000)
            #expect((0..<100).map { _ in distribution.sampleNanos(using: &a) } == (0..<100).map { _ in distribution.sampleNanos(using: &b) })
        }
    }
}
