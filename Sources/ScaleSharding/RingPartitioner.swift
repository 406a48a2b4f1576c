import ScaleSupport
import ScaleStorage
/// Consistent hashing: each shard owns `virtualNodeCount` points on a 64-bit ring, and a key
/// belongs to the first point at or after its hash (wrapping). Adding a shard moves ≈ 1/(N+1)
/// of the keys, all to the new shard.
public struct RingPartitioner: Partitioner {
    /// Points per shard; more points even out the shares (spread ≈ 1/√count).
    public let virtualNodeCount: Int
    public let shards: [ShardID]
    /// Ring points, ascending, and the shard owning each (parallel arrays for a tight search).
    @usableFromInline let points: [UInt64]
    @usableFromInline let owners: [ShardID]
    /// `bucketStarts[b]` is the first point at or above `b << bucketShift` (one more entry for the
    /// end), so a lookup binary-searches only the one or two points of its hash's bucket.
    @usableFromInline let bucketStarts: [Int]
    @usableFromInline let bucketShift: UInt64

    /// A ring over `shards` with `virtualNodeCount` points each (1 ... 65 536).
    public init(shards: [ShardID], virtualNodeCount: Int = 128) throws {
        guard (1...65_536).contains(virtualNodeCount) else {
            throw ShardingError(.invalidArgument, "virtualNodeCount must be 1 ... 65536, not \(virtualNodeCount)")
        }
        self.shards = try Self.validatedShards(shards)
        self.virtualNodeCount = virtualNodeCount
        var ring: [(point: UInt64, owner: ShardID)] = []
        ring.reserveCapacity(shards.count * virtualNodeCount)
        for shard in self.shards {
            for replica in 0..<virtualNodeCount {
                ring.append((Self.point(of: shard, replica: replica), shard))
            }
        }
        // Ties (astronomically rare) break by shard so every process builds the same ring.
        ring.sort { ($0.point, $0.owner) < ($1.point, $1.owner) }
        points = ring.map(\.point)
        owners = ring.map(\.owner)
        // About one point per bucket: a power of two at least the point count, 2 ... 65 536.
        var bucketBits: UInt64 = 1
        while (1 << bucketBits) < points.count && bucketBits < 16 { bucketBits += 1 }
        bucketShift = 64 - bucketBits
        let shift = bucketShift
        let points = points
        bucketStarts = (0...(1 << bucketBits)).map { bucket in
            bucket == 1 << bucketBits ? points.count : points.sortedPrefixCount { $0 < UInt64(bucket) << shift }
        }
    }

    /// Where virtual node `replica` of `shard` sits on the ring: fixed across runs and processes.
    public static func point(of shard: ShardID, replica: Int) -> UInt64 {
        let shardHash = StableHash.mix(UInt64(bitPattern: Int64(shard.rawValue)) &+ 0x9E37_79B9_7F4A_7C15)
        return StableHash.mix(shardHash &+ UInt64(truncatingIfNeeded: replica))
    }

    public var strategyName: String { "ring" }

    @inlinable
    public func shard(for key: PartitionKey) -> ShardID {
        owners[successorIndex(of: key.hash)]
    }

    /// Index of the first point at or after `hash`, wrapping to 0 past the last point: a binary
    /// search within the hash's bucket, whose end point (if any) is already past `hash`.
    @inlinable
    func successorIndex(of hash: UInt64) -> Int {
        let bucket = Int(truncatingIfNeeded: hash &>> bucketShift)
        let index = points.sortedPrefixCount(in: bucketStarts[bucket]..<bucketStarts[bucket &+ 1]) { $0 < hash }
        return index == points.count ? 0 : index
    }

    public func adding(_ shard: ShardID) throws -> RingPartitioner {
        guard !shards.contains(shard) else { throw ShardingError(.duplicateShard, "\(shard) is already on the ring") }
        return try RingPartitioner(shards: shards + [shard], virtualNodeCount: virtualNodeCount)
    }

    public func removing(_ shard: ShardID) throws -> RingPartitioner {
        guard shards.contains(shard) else { throw ShardingError(.unknownShard, "\(shard) is not on the ring") }
        return try RingPartitioner(shards: shards.filter { $0 != shard }, virtualNodeCount: virtualNodeCount)
    }

    /// The ring arcs (hash ranges) whose owner differs in `newer`, adjacent arcs merged.
    public func regionMoves(to newer: RingPartitioner) -> [RegionMove] {
        let boundaries = Array(Set(points).union(newer.points)).sorted()
        var moves: [RegionMove] = []
        var lowerBound: UInt64 = 0
        // Every hash in lowerBound...boundary has the same successor point in both rings.
        for boundary in boundaries {
            let probe = PartitionKey(hash: boundary, order: 0)
            let from = shard(for: probe)
            let to = newer.shard(for: probe)
            if from != to { moves.appendMerging(RegionMove(region: .hashRange(lowerBound...boundary), from: from, to: to)) }
            if boundary == UInt64.max { return moves }
            lowerBound = boundary + 1
        }
        // Past the last point the ring wraps to its first point.
        let probe = PartitionKey(hash: UInt64.max, order: 0)
        let from = shard(for: probe)
        let to = newer.shard(for: probe)
        if from != to { moves.appendMerging(RegionMove(region: .hashRange(lowerBound...UInt64.max), from: from, to: to)) }
        return moves
    }
}
