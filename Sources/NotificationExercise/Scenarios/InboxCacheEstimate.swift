import ExerciseKit
import Foundation
import LoadGenerator
import ScaleCore

/// What an LRU cache tier can reach on the inbox-polling scenario, printed beside the measured hit
/// ratio: Che's approximation over the exact probabilities the scenario's zipfian generator draws
/// users with, at the tier's capacity and the entry size it holds now. It assumes every write
/// updates the cached head (written through); a design that deletes on write misses once more
/// after each write (about 10 points less on inbox-polling).
enum InboxCacheEstimate {
    /// Largest key count the estimate is computed for (it walks every key a few hundred times).
    static let maximumKeyCount: UInt64 = 200_000

    static let metrics = [
        TargetMetric("cacheHitLRUEstimate", label: "LRU est.", unit: .fraction, polarity: nil),
    ]

    /// The estimate for `cluster`'s tier after a run over `keyCount` users, or nothing without a
    /// tier, with nothing cached or too many keys.
    static func metrics(cluster: Cluster, keyCount: UInt64) throws -> [String: Double] {
        guard let tier = try? cluster.cache, keyCount <= maximumKeyCount else { return [:] }
        let statistics = tier.statistics()
        guard statistics.entryCount > 0 else { return [:] }
        let probabilities = try zipfianProbabilities(keyCount: Int(keyCount), theta: KeyDistributionSpec.defaultTheta)
        let byKey = Dictionary(uniqueKeysWithValues: probabilities.enumerated().map { (InboxCache.key(of: UInt64($0.offset)), $0.element) })
        return ["cacheHitLRUEstimate": tier.lruHitRatioEstimate(probabilities: byKey, entryBytes: statistics.costBytes / statistics.entryCount)]
    }

    /// The probability of each rank that `ZipfianKeyGenerator` draws (Gray et al.'s method, ranks 0
    /// and 1 exact, the rest by inverting its formula), summing to 1.
    static func zipfianProbabilities(keyCount: Int, theta: Double) throws -> [Double] {
        guard keyCount > 2 else { return [Double](repeating: 1 / Double(keyCount), count: keyCount) }
        let zetaN = try ZipfianKeyGenerator(keyCount: UInt64(keyCount), theta: theta).zetaN
        let count = Double(keyCount)
        let eta = (1 - pow(2 / count, 1 - theta)) / (1 - (1 + pow(0.5, theta)) / zetaN)
        // The uniform draw below which the generator's formula gives a rank under `rank`.
        func draw(below rank: Double) -> Double { (pow(rank / count, 1 - theta) - 1) / eta + 1 }
        let formulaStart = (1 + pow(0.5, theta)) / zetaN
        var probabilities = [Double](repeating: 0, count: keyCount)
        probabilities[0] = 1 / zetaN
        probabilities[1] = pow(0.5, theta) / zetaN
        for rank in 0..<keyCount {
            let low = max(draw(below: Double(rank)), formulaStart)
            let high = min(draw(below: Double(rank + 1)), 1)
            if high > low { probabilities[rank] += high - low }
        }
        let total = probabilities.reduce(0, +)
        return probabilities.map { $0 / total }
    }
}
