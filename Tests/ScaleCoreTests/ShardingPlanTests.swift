import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A plan's regions must describe exactly the keys that move: checked key by key on a sample.
@Suite struct ShardingPlanTests {
    static let keys = (0..<20_000).map { PartitionKey(hash: StableHash.mix(UInt64($0)), order: UInt64($0) &* 0x0001_0000_0000_0001) }

    /// `pinned` keys have directory entries: only `.key` regions speak for them.
    func expectRegionsMatchSample<P: Partitioner>(_ old: P, _ new: P, pinned: Set<PartitionKey> = []) {
        let moves = old.regionMoves(to: new)
        for key in Self.keys {
            let from = old.shard(for: key)
            let to = new.shard(for: key)
            let covering = moves.filter { move in
                guard move.region.contains(key) else { return false }
                if case .key = move.region { return true }
                return !pinned.contains(key)
            }
            if from == to {
                #expect(covering.isEmpty, "\(key) stays on \(from) but a region moves it")
            } else {
                #expect(covering.count == 1 && covering.first?.from == from && covering.first?.to == to,
                        "\(key) moves \(from) -> \(to) but regions say \(covering)")
            }
        }
    }

    @Test func ringArcsMatch() throws {
        let ring = try RingPartitioner(shards: ShardID.range(5), virtualNodeCount: 16)
        expectRegionsMatchSample(ring, try ring.adding(5))
        expectRegionsMatchSample(ring, try ring.removing(2))
        // Adding one shard: the moved arcs add up to the new shard's share, about 1/6.
        let fraction = try #require(RebalancePlan(from: ring, to: try ring.adding(5)).movedHashFraction)
        #expect(fraction > 0.1 && fraction < 0.25)
    }

    @Test func hashModResiduesMatch() throws {
        let hashMod = try HashModPartitioner(shards: ShardID.range(4))
        expectRegionsMatchSample(hashMod, try hashMod.adding(4))
        expectRegionsMatchSample(hashMod, try hashMod.removing(0))
        let flows = try #require(RebalancePlan(from: hashMod, to: try hashMod.adding(4)).hashFractionByFlow)
        #expect(abs(flows.values.reduce(0, +) - 0.8) < 1e-12)
    }

    @Test func rangesAndDirectoryMatch() throws {
        let range = try RangePartitioner.evenlySplit(ShardID.range(4))
        expectRegionsMatchSample(range, try range.adding(4))
        expectRegionsMatchSample(range, try range.removing(1))
        #expect(RebalancePlan(from: range, to: try range.adding(4)).movedHashFraction == nil)

        let directory = try DirectoryPartitioner(fallback: RingPartitioner(shards: ShardID.range(3), virtualNodeCount: 8))
            .adding(3).moving(Self.keys[5], to: 3).moving(Self.keys[9], to: 0)
        let pinned: Set = [Self.keys[5], Self.keys[9]]
        expectRegionsMatchSample(directory, try directory.moving(Self.keys[9], to: 3).resetting(Self.keys[5]), pinned: pinned)
        expectRegionsMatchSample(directory, try directory.removing(1), pinned: pinned)
    }
}
