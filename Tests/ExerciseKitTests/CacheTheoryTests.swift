@testable import ExerciseKit
import ScaleCore
import Testing

/// The tier's LRU reaches what Che's approximation predicts for its shape, no more and no less.
@Suite struct CacheTheoryTests {
    @Test func aSmallLRUOfEqualKeysHoldsItsShare() {
        // Equal popularity: an LRU holding C of N keys hits C/N of the requests.
        let hit = CheApproximation.hitProbability(probabilities: Array(repeating: 0.001, count: 1_000), capacityEntries: 250)
        #expect(abs(hit - 0.25) < 0.001)
        #expect(CheApproximation.hitProbability(probabilities: [0.5, 0.5], capacityEntries: 4) == 1)
    }

    @Test func aZipfianWorkloadHitsAsTheEstimateSays() async throws {
        let cluster = try await startCluster {
            $0.cacheTier = CacheTierConfiguration(nodeCount: 2, byteCapacityPerNode: CacheTierConfiguration.byteCapacityRange.lowerBound)
        }
        let tier = try cluster.cache
        let keys = (0..<2_000).map { "key\($0)" }
        let weights = keys.indices.map { 1 / Double($0 + 1) }
        let total = weights.reduce(0, +)
        let probabilities = weights.map { $0 / total }
        var cumulative: [Double] = []
        var sum = 0.0
        for probability in probabilities {
            sum += probability
            cumulative.append(sum)
        }
        let value = [UInt8](repeating: 1, count: 100)
        let entryBytes = "key1000".utf8.count + value.count + CacheTierConfiguration.entryOverheadBytes
        var generator = SeededGenerator(seed: 42)
        var hits = 0
        var lookups = 0
        for request in 0..<40_000 {
            let draw = generator.nextUnitDouble() * sum
            let index = min(keys.count - 1, cumulative.partitioningIndex { $0 > draw })
            let key = keys[index]
            let hit = try await tier.get(key) != nil
            if !hit { try await tier.set(value, forKey: key) }
            // The first quarter warms the cache: the estimate has no cold misses.
            if request >= 10_000 {
                lookups += 1
                if hit { hits += 1 }
            }
        }
        let measured = Double(hits) / Double(lookups)
        let estimate = tier.lruHitRatioEstimate(
            probabilities: Dictionary(uniqueKeysWithValues: zip(keys, probabilities)), entryBytes: entryBytes
        )
        #expect(estimate > 0.3 && estimate < 0.95, "the cache holds a part of the keys: \(estimate)")
        // Seeded and sequential, so the run replays exactly; 1.5 points is half the goal of exercise 2.
        #expect(abs(measured - estimate) <= 0.015, "measured \(measured), Che \(estimate)")
        await cluster.shutdown()
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for a predicate false then true along the array.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
