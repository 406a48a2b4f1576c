import ScaleSupport
import ScaleStorage
/// Contiguous ranges of key order, one owner each: range scans stay on one shard, but
/// sequential keys (auto-increment ids, timestamps) all land in the same range, the hotspot.
///
/// Range `i` is `splitPoints[i-1] ..< splitPoints[i]` (the first starts at 0, the last ends at
/// `UInt64.max`) and belongs to `rangeOwners[i]`.
public struct RangePartitioner: Partitioner {
    /// Boundaries between ranges, strictly increasing, none at 0.
    public let splitPoints: [UInt64]
    /// The owner of each range, in key order (one more than the split points).
    public let rangeOwners: [ShardID]
    public let shards: [ShardID]

    /// Ranges cut at `splitPoints`, owned by `owners` in order.
    public init(splitPoints: [UInt64], owners: [ShardID]) throws {
        guard owners.count == splitPoints.count + 1 else {
            throw ShardingError(.invalidSplitPoints, "\(splitPoints.count) split points need \(splitPoints.count + 1) owners, not \(owners.count)")
        }
        for (index, point) in splitPoints.enumerated() where point == 0 || (index > 0 && point <= splitPoints[index - 1]) {
            throw ShardingError(.invalidSplitPoints, "split points must be above 0 and strictly increasing (\(point) at \(index))")
        }
        shards = try Self.validatedShards(Array(Set(owners)))
        self.splitPoints = splitPoints
        rangeOwners = owners
    }

    /// Ranges cut at string keys (by their 8-byte order prefix).
    public init(stringSplitPoints: [String], owners: [ShardID]) throws {
        try self.init(splitPoints: stringSplitPoints.map(PartitionKey.order(of:)), owners: owners)
    }

    /// `shards.count` equal ranges over `keyRange` (keys outside it join the first or last range).
    public static func evenlySplit(_ shards: [ShardID], over keyRange: ClosedRange<UInt64> = 0...UInt64.max) throws -> RangePartitioner {
        let count = UInt128(try validatedShards(shards).count)
        let keyCount = UInt128(keyRange.upperBound - keyRange.lowerBound) + 1
        let splits = (1..<count).map { keyRange.lowerBound + UInt64(keyCount * $0 / count) }
        return try RangePartitioner(splitPoints: splits, owners: shards)
    }

    public var strategyName: String { "range" }

    @inlinable
    public func shard(for key: PartitionKey) -> ShardID {
        rangeOwners[rangeIndex(of: key.order)]
    }

    /// Index of the range holding `order`: the number of split points at or below it.
    @inlinable
    func rangeIndex(of order: UInt64) -> Int {
        splitPoints.sortedPrefixCount { $0 <= order }
    }

    /// Every range with its owner, in key order.
    public var ranges: [(range: ClosedRange<UInt64>, owner: ShardID)] {
        rangeOwners.indices.map { index in
            let lower = index == 0 ? 0 : splitPoints[index - 1]
            let upper = index == splitPoints.count ? UInt64.max : splitPoints[index] - 1
            return (lower...upper, rangeOwners[index])
        }
    }

    /// The layout with the range holding `point` cut there; `newOwner` takes `point` and above.
    public func splitting(at point: UInt64, newOwner: ShardID) throws -> RangePartitioner {
        let index = rangeIndex(of: point)
        guard point > 0, index == 0 || splitPoints[index - 1] != point else {
            throw ShardingError(.invalidSplitPoints, "\(point) is already a boundary")
        }
        var splits = splitPoints
        var owners = rangeOwners
        splits.insert(point, at: index)
        owners.insert(newOwner, at: index + 1)
        return try RangePartitioner(splitPoints: splits, owners: owners)
    }

    /// Adds `shard` by splitting the widest range at its middle; the new shard takes the upper half.
    public func adding(_ shard: ShardID) throws -> RangePartitioner {
        guard !shards.contains(shard) else { throw ShardingError(.duplicateShard, "\(shard) already owns a range") }
        guard let widest = ranges.max(by: { $0.range.upperBound - $0.range.lowerBound < $1.range.upperBound - $1.range.lowerBound }),
              widest.range.upperBound > widest.range.lowerBound else {
            throw ShardingError(.invalidSplitPoints, "no range is wide enough to split")
        }
        let middle = widest.range.lowerBound + (widest.range.upperBound - widest.range.lowerBound) / 2 + 1
        return try splitting(at: middle, newOwner: shard)
    }

    /// Removes `shard`: each of its ranges joins the neighbour below (or above, for the first).
    public func removing(_ shard: ShardID) throws -> RangePartitioner {
        guard shards.contains(shard) else { throw ShardingError(.unknownShard, "\(shard) owns no range") }
        guard shards.count > 1 else { throw ShardingError(.noShards, "cannot remove the last shard") }
        var owners = rangeOwners
        for index in owners.indices where owners[index] == shard {
            let below = owners[..<index].last { $0 != shard }
            let above = owners[(index + 1)...].first { $0 != shard }
            owners[index] = below ?? above ?? shard
        }
        // Drop the boundaries between ranges that now share an owner.
        var splits: [UInt64] = []
        var merged: [ShardID] = [owners[0]]
        for index in splitPoints.indices where owners[index + 1] != merged.last {
            splits.append(splitPoints[index])
            merged.append(owners[index + 1])
        }
        return try RangePartitioner(splitPoints: splits, owners: merged)
    }

    /// The order ranges whose owner differs in `newer`, adjacent ranges merged.
    public func regionMoves(to newer: RangePartitioner) -> [RegionMove] {
        let boundaries = Array(Set(splitPoints).union(newer.splitPoints)).sorted()
        var moves: [RegionMove] = []
        var lowerBound: UInt64 = 0
        for upperExclusive in boundaries + [0] {
            let upperBound = upperExclusive == 0 ? UInt64.max : upperExclusive - 1
            let probe = PartitionKey(hash: 0, order: lowerBound)
            let from = shard(for: probe)
            let to = newer.shard(for: probe)
            if from != to { moves.appendMerging(RegionMove(region: .orderRange(lowerBound...upperBound), from: from, to: to)) }
            lowerBound = upperExclusive
        }
        return moves
    }
}
