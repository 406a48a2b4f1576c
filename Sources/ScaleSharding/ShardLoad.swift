import ScaleSupport
import ScaleStorage
/// How evenly something (keys, operations, rows) spreads over shards.
public struct ShardLoad: Sendable, Hashable, CustomStringConvertible {
    /// The count on each shard (shards with nothing count 0).
    public var counts: [ShardID: Int]

    /// Counts per shard; every shard in `shards` appears, with 0 if missing from `counts`.
    public init(counts: [ShardID: Int], shards: [ShardID] = []) {
        var all = counts
        for shard in shards where all[shard] == nil { all[shard] = 0 }
        self.counts = all
    }

    /// Where `keys` land under `partitioner`.
    public static func keys<P: Partitioner, Keys: Sequence<PartitionKey>>(_ keys: Keys, on partitioner: P) -> ShardLoad {
        let shards = partitioner.shards
        // Small non-negative shard ids count into an array, skipping a hash per key.
        guard let largest = shards.last?.rawValue, shards[0].rawValue >= 0, largest < 65_536 else {
            var counts: [ShardID: Int] = [:]
            for key in keys { counts[partitioner.shard(for: key), default: 0] += 1 }
            return ShardLoad(counts: counts, shards: shards)
        }
        var byRawValue = [Int](repeating: 0, count: largest + 1)
        for key in keys { byRawValue[partitioner.shard(for: key).rawValue] += 1 }
        var counts: [ShardID: Int] = [:]
        for shard in shards { counts[shard] = byRawValue[shard.rawValue] }
        return ShardLoad(counts: counts, shards: shards)
    }

    public var total: Int { counts.values.reduce(0, +) }
    public var shardCount: Int { counts.count }
    public var mean: Double { counts.isEmpty ? 0 : Double(total) / Double(counts.count) }
    public var max: Int { counts.values.max() ?? 0 }
    public var min: Int { counts.values.min() ?? 0 }

    /// The busiest shard against the mean: 1.0 is perfectly even; N means one shard has it all.
    public var maxOverMean: Double { mean == 0 ? 0 : Double(max) / mean }

    public var description: String {
        let shares = counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue):\($0.value)" }
        return "total \(total), max/mean \(maxOverMean) [\(shares.joined(separator: " "))]"
    }
}
