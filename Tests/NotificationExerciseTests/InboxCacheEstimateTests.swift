import LoadGenerator
import ScaleCore
import Testing
@testable import NotificationExercise

/// The cache estimate's probabilities are those the scenario's zipfian generator draws.
@Suite struct InboxCacheEstimateTests {
    @Test func probabilitiesMatchTheGeneratorsDraws() throws {
        let keyCount = 1_000
        let probabilities = try InboxCacheEstimate.zipfianProbabilities(keyCount: keyCount, theta: KeyDistributionSpec.defaultTheta)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9)
        let generator = try ZipfianKeyGenerator(keyCount: UInt64(keyCount), theta: KeyDistributionSpec.defaultTheta)
        var random = SeededGenerator(seed: 7, stream: 0)
        let drawCount = 400_000
        var counts = [Int](repeating: 0, count: keyCount)
        for _ in 0..<drawCount { counts[Int(generator.nextRank(using: &random))] += 1 }
        // Ranks one by one where they are frequent, then ten buckets of the tail.
        var groups: [Range<Int>] = (0..<10).map { $0..<($0 + 1) }
        groups += stride(from: 10, to: keyCount, by: 99).map { $0..<min(keyCount, $0 + 99) }
        for group in groups {
            let expected = group.reduce(0.0) { $0 + probabilities[$1] }
            let drawn = Double(group.reduce(0) { $0 + counts[$1] }) / Double(drawCount)
            // Four standard deviations of a binomial share.
            let tolerance = 4 * (expected * (1 - expected) / Double(drawCount)).squareRoot() + 1e-4
            #expect(abs(drawn - expected) <= tolerance, "ranks \(group): drawn \(drawn), computed \(expected)")
        }
    }
}
