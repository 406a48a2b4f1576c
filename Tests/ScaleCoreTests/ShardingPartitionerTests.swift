import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct ShardingPartitionerTests {
    static let sixteen = ShardID.range(16)

    /// Stated tolerance: with 128 virtual nodes per shard the busiest of 16 shards holds at most
    /// 25% more than the mean (spread ≈ 1/√128 ≈ 9% per shard; measured 1.21).
    @Test func ringSpreadsAMillionKeysOverSixteenShardsWithinTolerance() throws {
        let ring = try RingPartitioner(shards: Self.sixteen, virtualNodeCount: 128)
        let load = ShardLoad.keys((0..<1_000_000).lazy.map { PartitionKey(UInt64($0)) }, on: ring)
        #expect(load.total == 1_000_000)
        #expect(load.shardCount == 16)
        #expect(load.maxOverMean <= 1.25, "ring max/mean \(load.maxOverMean)")
        #expect(load.maxOverMean > 1.0)
    }

    @Test func hashModIsEvenAndRangeIsNotForSequentialKeys() throws {
        let keys = (0..<100_000).lazy.map { PartitionKey(UInt64($0)) }
        let hashMod = ShardLoad.keys(keys, on: try HashModPartitioner(shards: Self.sixteen))
        #expect(hashMod.maxOverMean <= 1.03, "hash-mod max/mean \(hashMod.maxOverMean)")

        // Sequential ids all fall into the first range: one shard takes everything.
        let range = try RangePartitioner.evenlySplit(Self.sixteen)
        let sequential = ShardLoad.keys(keys, on: range)
        #expect(sequential.counts[0] == 100_000)
        #expect(sequential.maxOverMean == 16)

        // Split over the id space actually used, the newest ids still all hit one shard.
        let fitted = try RangePartitioner.evenlySplit(Self.sixteen, over: 0...99_999)
        #expect(ShardLoad.keys(keys, on: fitted).maxOverMean <= 1.01)
        let newest = ShardLoad.keys((99_000..<100_000).lazy.map { PartitionKey(UInt64($0)) }, on: fitted)
        #expect(newest.counts[15] == 1_000)
    }

    @Test func addingOneShardToTheRingMovesAboutOneInNPlusOne() throws {
        let keys = (0..<200_000).map { PartitionKey(UInt64($0)) }
        let ring = try RingPartitioner(shards: Self.sixteen, virtualNodeCount: 128)
        let grown = try ring.adding(16)
        let sample = RebalancePlan.measure(from: ring, to: grown, keys: keys)
        let expected = 1.0 / 17
        #expect(abs(sample.movedFraction - expected) / expected <= 0.15, "ring moved \(sample.movedFraction)")
        // Every moved key goes to the new shard.
        #expect(Set(sample.movedByFlow.keys.map(\.to)) == [16])
        let exact = try #require(RebalancePlan(from: ring, to: grown).movedHashFraction)
        #expect(abs(exact - sample.movedFraction) <= 0.005)
    }

    @Test func addingOneShardToHashModMovesAboutNInNPlusOne() throws {
        let keys = (0..<200_000).map { PartitionKey(UInt64($0)) }
        let hashMod = try HashModPartitioner(shards: Self.sixteen)
        let grown = try hashMod.adding(16)
        let sample = RebalancePlan.measure(from: hashMod, to: grown, keys: keys)
        let expected = 16.0 / 17
        #expect(abs(sample.movedFraction - expected) <= 0.01, "hash-mod moved \(sample.movedFraction)")
        let plan = RebalancePlan(from: hashMod, to: grown)
        #expect(plan.moves.count == 256)
        #expect(abs(try #require(plan.movedHashFraction) - expected) < 1e-12)
    }

    /// Values computed once and written down: a change here would move every stored key to
    /// another shard between versions, runs or processes.
    @Test func placementsArePinned() throws {
        let hashMod = try HashModPartitioner(shards: Self.sixteen)
        let ring = try RingPartitioner(shards: Self.sixteen, virtualNodeCount: 128)
        let range = try RangePartitioner.evenlySplit(Self.sixteen)
        let pinned: [(key: PartitionKey, hash: UInt64, hashMod: Int, ring: Int, range: Int)] = [
            (PartitionKey(UInt64(0)), 0, 0, 1, 0),
            (PartitionKey(UInt64(1)), 6_238_072_747_940_578_789, 5, 6, 0),
            (PartitionKey(UInt64(42)), 12_058_926_934_050_108_962, 2, 4, 0),
            (PartitionKey(UInt64(1) << 63), 2_720_858_781_877_447_050, 10, 7, 8),
            (PartitionKey("user:1"), 14_075_592_994_941_565_180, 12, 3, 7),
            (PartitionKey("user:2"), 5_448_521_868_266_469_383, 7, 11, 7),
            (PartitionKey("zebra"), 14_479_093_279_265_231_548, 12, 10, 7),
        ]
        for entry in pinned {
            #expect(entry.key.hash == entry.hash)
            #expect(hashMod.shard(for: entry.key) == ShardID(entry.hashMod))
            #expect(ring.shard(for: entry.key) == ShardID(entry.ring))
            #expect(range.shard(for: entry.key) == ShardID(entry.range))
        }
        #expect(PartitionKey("user:1").order == 8_463_219_666_036_260_864)
        #expect(PartitionKey(Int64(-1)) == PartitionKey(UInt64.max))
        #expect(PartitionKey(.integer(42)) == PartitionKey(42))
        #expect(PartitionKey(.text("zebra")) == PartitionKey("zebra"))
        #expect(PartitionKey(SQLValue.null) == nil)
    }

    @Test func ringKeysBelongToTheNextPointClockwise() throws {
        let ring = try RingPartitioner(shards: [3, 5, 9], virtualNodeCount: 1)
        let points = ring.points
        #expect(points == points.sorted())
        #expect(points.count == 3)
        func owner(_ hash: UInt64) -> ShardID { ring.shard(for: PartitionKey(hash: hash, order: 0)) }
        #expect(owner(points[1]) == ring.owners[1])
        #expect(owner(points[1] + 1) == ring.owners[2])
        #expect(owner(points[0] - 1) == ring.owners[0])
        #expect(owner(0) == ring.owners[0])
        // Past the last point the ring wraps around to the first.
        #expect(owner(points[2] + 1) == ring.owners[0])
        #expect(owner(UInt64.max) == ring.owners[0])
        #expect(RingPartitioner.point(of: 3, replica: 0) == points[ring.owners.firstIndex(of: 3) ?? -1])
    }

    @Test func ringLookupMatchesALinearScan() throws {
        var generator = SeededGenerator(seed: 3)
        for (shardCount, virtualNodes) in [(1, 1), (2, 3), (5, 16), (16, 128)] {
            let ring = try RingPartitioner(shards: ShardID.range(shardCount), virtualNodeCount: virtualNodes)
            let probes = (0..<2_000).map { _ in generator.next() } + ring.points + ring.points.map { $0 &+ 1 } + [0, UInt64.max]
            for hash in probes {
                let linear = ring.points.firstIndex { $0 >= hash } ?? 0
                #expect(ring.shard(for: PartitionKey(hash: hash, order: 0)) == ring.owners[linear])
            }
        }
    }

    @Test func stringRangesFollowKeyOrder() throws {
        let range = try RangePartitioner(stringSplitPoints: ["g", "n", "t"], owners: ShardID.range(4))
        #expect(range.shard(for: PartitionKey("apple")) == 0)
        #expect(range.shard(for: PartitionKey("g")) == 1)
        #expect(range.shard(for: PartitionKey("mango")) == 1)
        #expect(range.shard(for: PartitionKey("nectarine")) == 2)
        #expect(range.shard(for: PartitionKey("zucchini")) == 3)
    }

    @Test func rangeSplitsAndMerges() throws {
        let range = try RangePartitioner(splitPoints: [100, 200], owners: [0, 1, 2])
        let split = try range.splitting(at: 150, newOwner: 3)
        #expect(split.splitPoints == [100, 150, 200])
        #expect(split.rangeOwners == [0, 1, 3, 2])
        #expect(split.shard(for: PartitionKey(hash: 0, order: 149)) == 1)
        #expect(split.shard(for: PartitionKey(hash: 0, order: 150)) == 3)
        let merged = try split.removing(1)
        #expect(merged.splitPoints == [150, 200])
        #expect(merged.rangeOwners == [0, 3, 2])
        // Adding splits the widest range (the last: 200...max) in the middle.
        let grown = try range.adding(9)
        #expect(grown.rangeOwners == [0, 1, 2, 9])
        #expect(grown.splitPoints[2] == 200 + (UInt64.max - 200) / 2 + 1)
        let moves = range.regionMoves(to: grown)
        #expect(moves == [RegionMove(region: .orderRange(grown.splitPoints[2]...UInt64.max), from: 2, to: 9)])
    }

    @Test func directoryMovesSingleKeys() throws {
        let directory = try DirectoryPartitioner(fallback: RingPartitioner(shards: ShardID.range(4)))
        let keys = (0..<50_000).map { PartitionKey(UInt64($0)) }
        let hot = PartitionKey(UInt64(777))
        // Adding a shard moves nothing by itself; then one key moves to it.
        let grown = try directory.adding(4)
        #expect(RebalancePlan.measure(from: directory, to: grown, keys: keys).movedKeyCount == 0)
        let moved = try grown.moving(hot, to: 4)
        let sample = RebalancePlan.measure(from: grown, to: moved, keys: keys)
        #expect(sample.movedKeyCount == 1)
        #expect(moved.shard(for: hot) == 4)
        #expect(RebalancePlan(from: grown, to: moved).moves == [RegionMove(region: .key(hot), from: directory.shard(for: hot), to: 4)])
        // Unknown keys keep their default placement; a reset key returns to it.
        #expect(moved.shard(for: PartitionKey(UInt64(778))) == directory.fallback.shard(for: PartitionKey(UInt64(778))))
        #expect(try moved.resetting(hot).shard(for: hot) == directory.shard(for: hot))
        // Removing the shard drops its entries.
        #expect(try moved.removing(4).entries.isEmpty)
        #expect(throws: ShardingError.self) { try directory.moving(hot, to: 9) }
    }

    @Test func invalidLayoutsAreRefused() throws {
        let duplicate = #expect(throws: ShardingError.self) { try RingPartitioner(shards: [1, 2, 1]) }
        #expect(duplicate?.code == .duplicateShard)
        #expect(throws: ShardingError.self) { try HashModPartitioner(shards: []) }
        #expect(throws: ShardingError.self) { try RingPartitioner(shards: [1], virtualNodeCount: 0) }
        let splits = #expect(throws: ShardingError.self) { try RangePartitioner(splitPoints: [5, 5], owners: [0, 1, 2]) }
        #expect(splits?.code == .invalidSplitPoints)
        #expect(throws: ShardingError.self) { try RangePartitioner(splitPoints: [5], owners: [0]) }
        #expect(throws: ShardingError.self) { try HashModPartitioner(shards: [0, 1]).adding(1) }
        #expect(throws: ShardingError.self) { try RingPartitioner(shards: [0, 1]).removing(7) }
        #expect(throws: ShardingError.self) { try RangePartitioner(splitPoints: [], owners: [0]).removing(0) }
    }

    @Test func anyPartitionerMatchesTheConcreteStrategies() throws {
        let shards = ShardID.range(8)
        let keys = (0..<2_000).map { PartitionKey(UInt64($0) &* 0x9E37_79B9) }
        for strategy in PartitionStrategy.allCases {
            let any = try AnyPartitioner(strategy, shards: shards)
            #expect(any.strategy == strategy)
            #expect(any.shards == shards)
            let concrete: [ShardID]
            switch any {
            case .hashMod(let partitioner): concrete = keys.map(partitioner.shard(for:))
            case .ring(let partitioner): concrete = keys.map(partitioner.shard(for:))
            case .range(let partitioner): concrete = keys.map(partitioner.shard(for:))
            case .directory(let partitioner): concrete = keys.map(partitioner.shard(for:))
            }
            #expect(keys.map(any.shard(for:)) == concrete)
            let grown = try any.adding(8)
            #expect(grown.shards == ShardID.range(9))
            #expect(try grown.removing(8).shards == shards)
        }
    }
}
