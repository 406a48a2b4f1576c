import ScaleSupport
import ScaleStorage
/// What a layout change moves: exact regions of key space and the share of keys they hold.
///
/// `RebalancePlan(from:to:)` is exact in hash space (hash-mod residues, ring arcs); for range
/// and directory layouts the share depends on the keys, so measure it on a sample with
/// `RebalancePlan.measure(from:to:keys:)`.
public struct RebalancePlan: Sendable {
    /// Shards before and after.
    public var shardsBefore: [ShardID]
    public var shardsAfter: [ShardID]
    /// Regions whose owner changes, with source and destination.
    public var moves: [RegionMove]

    /// The plan for going from `old` to `new`.
    public init<P: Partitioner>(from old: P, to new: P) {
        shardsBefore = old.shards
        shardsAfter = new.shards
        moves = old.regionMoves(to: new)
    }

    /// The share of uniformly hashed keys that move; nil when some region's share depends on the
    /// keys (order ranges, single keys): use `measure` then.
    public var movedHashFraction: Double? {
        var total = 0.0
        for move in moves {
            guard let fraction = move.region.hashSpaceFraction else { return nil }
            total += fraction
        }
        return total
    }

    /// Share of hash space per source/destination pair (nil under the same condition as `movedHashFraction`).
    public var hashFractionByFlow: [ShardFlow: Double]? {
        var flows: [ShardFlow: Double] = [:]
        for move in moves {
            guard let fraction = move.region.hashSpaceFraction else { return nil }
            flows[ShardFlow(from: move.from, to: move.to), default: 0] += fraction
        }
        return flows
    }

    /// Places every key of `keys` under both layouts and counts what moves where.
    public static func measure<P: Partitioner, Keys: Sequence<PartitionKey>>(
        from old: P, to new: P, keys: Keys
    ) -> KeyMoveSample {
        var sample = KeyMoveSample()
        for key in keys {
            sample.keyCount += 1
            let before = old.shard(for: key)
            let after = new.shard(for: key)
            if before != after {
                sample.movedKeyCount += 1
                sample.movedByFlow[ShardFlow(from: before, to: after), default: 0] += 1
            }
        }
        return sample
    }
}

/// Moved keys counted on a sample.
public struct KeyMoveSample: Sendable, Hashable {
    public var keyCount = 0
    public var movedKeyCount = 0
    public var movedByFlow: [ShardFlow: Int] = [:]

    public init() {}

    /// Moved share of the sample (0 for an empty sample).
    public var movedFraction: Double { keyCount == 0 ? 0 : Double(movedKeyCount) / Double(keyCount) }
}
