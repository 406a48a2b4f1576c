import ScaleSupport
import ScaleStorage
/// `hash % N`: even and cheap, but changing N moves almost every key (≈ N/(N+1) when adding one).
public struct HashModPartitioner: Partitioner {
    /// Placement order: a key goes to `placementOrder[hash % count]`. Adding appends, removing
    /// closes the gap, so every residue's owner can change.
    public let placementOrder: [ShardID]
    public let shards: [ShardID]

    /// Residue cycles longer than this are not listed as regions (measure on a sample instead).
    public static let maximumListedResidues: UInt64 = 1 << 20

    /// Places keys on `shards`, in that order.
    public init(shards: [ShardID]) throws {
        self.shards = try Self.validatedShards(shards)
        placementOrder = shards
    }

    public var strategyName: String { "hash-mod" }

    @inlinable
    public func shard(for key: PartitionKey) -> ShardID {
        placementOrder[Int(truncatingIfNeeded: key.hash % UInt64(placementOrder.count))]
    }

    public func adding(_ shard: ShardID) throws -> HashModPartitioner {
        guard !placementOrder.contains(shard) else { throw ShardingError(.duplicateShard, "\(shard) is already placed") }
        return try HashModPartitioner(shards: placementOrder + [shard])
    }

    public func removing(_ shard: ShardID) throws -> HashModPartitioner {
        guard placementOrder.contains(shard) else { throw ShardingError(.unknownShard, "\(shard) is not placed") }
        return try HashModPartitioner(shards: placementOrder.filter { $0 != shard })
    }

    /// One region per residue of `lcm(N, M)` whose owner changes; empty when that cycle is longer
    /// than `maximumListedResidues`.
    public func regionMoves(to newer: HashModPartitioner) -> [RegionMove] {
        let oldCount = UInt64(placementOrder.count)
        let newCount = UInt64(newer.placementOrder.count)
        let cycle = oldCount / Self.greatestCommonDivisor(oldCount, newCount) * newCount
        guard cycle <= Self.maximumListedResidues else { return [] }
        var moves: [RegionMove] = []
        for residue in 0..<cycle {
            let from = placementOrder[Int(residue % oldCount)]
            let to = newer.placementOrder[Int(residue % newCount)]
            if from != to {
                moves.append(RegionMove(region: .hashResidue(modulus: cycle, residue: residue), from: from, to: to))
            }
        }
        return moves
    }

    private static func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
