import Foundation

/// What an LRU of this tier's shape can reach, to print beside the measured hit ratio.
extension CacheTier {
    /// Che's approximation of the tier's hit ratio when requests are independent draws with
    /// `probabilities` (summing to 1 over the keys requested) and every entry costs `entryBytes`
    /// (key, value and overhead; see `CacheTierConfiguration.entryOverheadBytes`). Each lock shard
    /// of each node is an LRU of its own, so the estimate is summed shard by shard with each
    /// shard's capacity. Cold misses are not counted: compare it with a warmed-up window.
    public func lruHitRatioEstimate(probabilities: [String: Double], entryBytes: Int) -> Double {
        var groups: [Int: [Double]] = [:]
        let shardsPerNode = nodes[0].store.configuration.shardCount
        for (key, probability) in probabilities where probability > 0 {
            let nodeIndex = nodeIndex(for: key)
            groups[nodeIndex * shardsPerNode + nodes[nodeIndex].store.shardIndex(for: key), default: []].append(probability)
        }
        let shardConfiguration = nodes[0].store.configuration
        let capacity = Double(min(shardConfiguration.entryCapacityPerShard, shardConfiguration.byteCapacityPerShard / max(1, entryBytes)))
        return groups.values.reduce(0) { $0 + CheApproximation.hitProbability(probabilities: $1, capacityEntries: capacity) }
    }
}

/// Che's approximation for one LRU under the independent reference model: the characteristic
/// time `T` solves Σ(1 − e^(−pᵢT)) = C, and a request hits with probability Σ pᵢ(1 − e^(−pᵢT)).
enum CheApproximation {
    /// The probability that a request (to any key) is a hit in an LRU of `capacityEntries` that
    /// holds the keys requested with `probabilities` (their share of all requests).
    static func hitProbability(probabilities: [Double], capacityEntries: Double) -> Double {
        guard capacityEntries >= 1 else { return 0 }
        guard Double(probabilities.count) > capacityEntries else { return probabilities.reduce(0, +) }
        func occupancy(_ time: Double) -> Double { probabilities.reduce(0) { $0 + (1 - exp(-$1 * time)) } }
        var low = 0.0
        var high = 1.0
        // Occupancy grows with time towards the key count (> capacity): doubling finds a bracket.
        for _ in 0..<200 where occupancy(high) < capacityEntries { high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if occupancy(middle) < capacityEntries { low = middle } else { high = middle }
        }
        let time = (low + high) / 2
        return probabilities.reduce(0) { $0 + $1 * (1 - exp(-$1 * time)) }
    }
}
