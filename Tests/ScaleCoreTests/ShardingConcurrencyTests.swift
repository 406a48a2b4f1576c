import Foundation
import Synchronization
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A shard is added while other threads keep writing, deleting and reading through the map.
@Suite struct ShardingConcurrencyTests {
    @Test func theMoverLosesNothingUnderConcurrentReadsAndWrites() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let ring = try RingPartitioner(shards: ShardID.range(4), virtualNodeCount: 32)
        let map = try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ring.shards, in: folder))
        let initialUsers = 1_200
        try ShardingFixture.populate(map, ids: 0..<initialUsers)
        // Ids 1000 ..< 1200 are deleted during the move; 0 ..< 1000 must always be readable.
        let readableIDs = 0..<1_000
        let grown = try ring.adding(4)
        let newNode = try ShardingFixture.node(4, in: folder)

        let moverDone = Atomic<Bool>(false)
        let writesStarted = Atomic<Int>(0)
        let readMisses = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
        let writesToMovingKeys = Atomic<Int>(0)
        let acknowledged = Locked<[Int: Int]>([:])
        let deleted = Locked<Set<Int>>([])
        let failures = Locked<[String]>([])
        let report = Locked<ShardMoveReport?>(nil)

        runOnThreads(6) { thread in
            do {
                switch thread {
                case 0:
                    // Start moving once the traffic is under way.
                    while writesStarted.load(ordering: .acquiring) < 50 { sched_yield() }
                    let moved = try ShardMover(map: map, tables: ShardingFixture.tables, batchSize: 32)
                        .rebalance(to: grown, addingNodes: [4: newNode])
                    report.withLock { $0 = moved }
                    moverDone.store(true, ordering: .releasing)
                case 1, 2:
                    // Each writer owns the ids of its parity: updates old users, inserts new ones.
                    var versions: [Int: Int] = [:]
                    var round = 0
                    while !moverDone.load(ordering: .acquiring) || round < 100 {
                        round += 1
                        let id = round % 3 == 0 ? 2_000 + round * 2 + thread : (round * 7 * 2 + thread) % 1_000
                        let version = (versions[id] ?? 0) + 1
                        if map.route(for: ShardingFixture.key(id)).isMoving { writesToMovingKeys.add(1, ordering: .relaxed) }
                        try map.write(ShardingFixture.key(id)) { try $0.run(ShardingFixture.upsertUser, id, "user-\(id)", version) }
                        versions[id] = version
                        writesStarted.add(1, ordering: .releasing)
                    }
                    acknowledged.withLock { $0.merge(versions) { _, new in new } }
                case 3:
                    for id in 1_000..<initialUsers {
                        try map.write(ShardingFixture.key(id)) { connection in
                            try connection.run("DELETE FROM orders WHERE user_id = ?", id)
                            try connection.run("DELETE FROM users WHERE id = ?", id)
                        }
                        deleted.withLock { _ = $0.insert(id) }
                    }
                default:
                    var generator = SeededGenerator(seed: 5, stream: thread)
                    var round = 0
                    while !moverDone.load(ordering: .acquiring) || round < 100 {
                        round += 1
                        let id = Int.random(in: readableIDs, using: &generator)
                        let found = try map.read(ShardingFixture.key(id)) { connection in
                            try connection.queryOne("SELECT id FROM users WHERE id = ?", id) { $0.int64(at: 0) }
                        }
                        if found == nil { readMisses.add(1, ordering: .relaxed) }
                        reads.add(1, ordering: .relaxed)
                    }
                }
            } catch {
                failures.withLock { $0.append("thread \(thread): \(error)") }
            }
        }

        #expect(failures.withLock { $0 } == [])
        #expect(readMisses.load(ordering: .relaxed) == 0, "reads during the move missed existing keys")
        #expect(reads.load(ordering: .relaxed) >= 200)
        // The interesting case happened: writes landed on keys while they were moving.
        #expect(writesToMovingKeys.load(ordering: .relaxed) > 0)
        let moveReport = try #require(report.withLock { $0 })
        #expect(moveReport.rowsCopied > 0)
        #expect(map.partitioner.shards == ShardID.range(5))

        // Every acknowledged write is there with its last version, on its owner only.
        var rows: [Int: (shard: ShardID, version: Int)] = [:]
        var duplicates = 0
        for (shard, node) in map.nodes {
            let found = try node.read { try $0.query("SELECT id, version FROM users") { (Int($0.int64(at: 0)), Int($0.int64(at: 1))) } }
            for (id, version) in found {
                if rows[id] != nil { duplicates += 1 }
                rows[id] = (shard, version)
            }
        }
        #expect(duplicates == 0)
        let lost = acknowledged.withLock { $0 }.filter { rows[$0.key]?.version != $0.value }
        #expect(lost.isEmpty, "acknowledged writes missing or stale: \(lost.prefix(5))")
        let resurrected = deleted.withLock { $0 }.filter { rows[$0] != nil }
        #expect(resurrected.isEmpty, "deleted users came back: \(resurrected.prefix(5))")
        #expect(deleted.withLock { $0.count } == initialUsers - readableIDs.count)
        #expect(rows.filter { grown.shard(for: ShardingFixture.key($0.key)) != $0.value.shard }.isEmpty)
        #expect(try ShardingFixture.misplacedRows(map) == 0)
        let expectedUsers = Set(readableIDs).union(acknowledged.withLock { Set($0.keys) })
        #expect(Set(rows.keys) == expectedUsers)
    }
}
