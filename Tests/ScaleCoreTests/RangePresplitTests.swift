import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct RangePresplitTests {
    let shards = ShardID.range(4)

    @Test func loadedIdsSpreadEvenlyAndNewIdsLandOnTheLastRange() throws {
        let ids = Array(UInt64(0)..<10_000)
        let partitioner = try RangePartitioner.presplit(shards, keyOrderGroups: [ids])
        var counts: [ShardID: Int] = [:]
        for id in ids { counts[partitioner.shard(for: PartitionKey(id)), default: 0] += 1 }
        #expect(counts.count == 4)
        #expect(counts.values.allSatisfy { $0 == 2_500 }, "\(counts)")
        // Sequential sign-ups past the loaded keys: every one on the last range's shard.
        let newOwners = Set((10_000..<11_000).map { partitioner.shard(for: PartitionKey(UInt64($0))) })
        #expect(newOwners == [shards[3]])
    }

    @Test func eachKindOfKeyIsSplitAcrossAllShards() throws {
        let ids = Array(stride(from: UInt64(0), to: 10_000, by: 10))
        let emails = ids.map { PartitionKey("user\($0)@example.com").order }
        let partitioner = try RangePartitioner.presplit(shards, keyOrderGroups: [ids, emails])
        let idOwners = Dictionary(grouping: ids) { partitioner.shard(for: PartitionKey($0)) }.mapValues(\.count)
        let emailOwners = Dictionary(grouping: emails) { partitioner.shard(for: PartitionKey(hash: 0, order: $0)) }.mapValues(\.count)
        #expect(idOwners.count == 4 && idOwners.values.allSatisfy { $0 == 250 }, "\(idOwners)")
        #expect(emailOwners.count == 4 && emailOwners.values.allSatisfy { $0 == 250 }, "\(emailOwners)")
    }

    @Test func withoutASampleTheWholeKeySpaceIsSplitEvenly() throws {
        #expect(try RangePartitioner.presplit(shards, keyOrderGroups: []).splitPoints == RangePartitioner.evenlySplit(shards).splitPoints)
        // Fewer distinct keys than shards: still a valid layout, every key placed.
        let tiny = try RangePartitioner.presplit(shards, keyOrderGroups: [[5, 5, 5]])
        #expect(tiny.shard(for: PartitionKey(UInt64(5))) == shards[0])
    }
}
