import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct ShardingMapTests {
    @Test func readsAndWritesGoToTheOwner() throws {
        let ring = try RingPartitioner(shards: ShardID.range(4), virtualNodeCount: 32)
        let map = try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ring.shards))
        try ShardingFixture.populate(map, ids: 0..<300)
        #expect(try ShardingFixture.misplacedRows(map) == 0)
        for id in [0, 17, 299] {
            let name = try map.read(ShardingFixture.key(id)) { connection in
                try connection.queryOne("SELECT name FROM users WHERE id = ?", id) { $0.string(at: 0) }
            }
            #expect(name == "user-\(id)")
        }
        let load = map.operationLoad()
        #expect(load.writes.total == 300)
        #expect(load.reads.total == 3)
        let rows = try map.rowLoad(table: "users")
        #expect(rows.total == 300)
        #expect(rows.shardCount == 4)
        #expect(rows.maxOverMean < 1.6)
    }

    @Test func layoutsNeedANodePerShard() throws {
        let ring = try RingPartitioner(shards: ShardID.range(3))
        let missing = #expect(throws: ShardingError.self) {
            try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ShardID.range(2)))
        }
        #expect(missing?.code == .missingNode)
        let map = try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ring.shards))
        #expect(throws: ShardingError.self) { try map.beginMigration(to: ring.adding(3)) }
        #expect(map.phase.isMigrating == false)
        let taken = #expect(throws: ShardingError.self) {
            try map.beginMigration(to: ring.adding(3), addingNodes: [0: ShardingFixture.node(0)])
        }
        #expect(taken?.code == .duplicateShard)
    }

    /// Mid-move a row exists on its old and its new owner; a scatter-gather must count it once.
    @Test func scatterServesEveryRowOnceDuringAMove() throws {
        let ring = try RingPartitioner(shards: ShardID.range(3), virtualNodeCount: 32)
        let map = try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ring.shards))
        try ShardingFixture.populate(map, ids: 0..<200)
        let grown = try ring.adding(3)
        try map.beginMigration(to: grown, addingNodes: [3: ShardingFixture.node(3)])
        // Copy the moving users by hand, as a mover would, without deleting them yet.
        var copied = 0
        for id in 0..<200 where ring.shard(for: ShardingFixture.key(id)) != grown.shard(for: ShardingFixture.key(id)) {
            try map.withCopyExclusion {
                try map.node(3)?.write { try $0.run(ShardingFixture.upsertUser, id, "user-\(id)", 0) }
            }
            copied += 1
        }
        #expect(copied > 0)
        func scatterCount(filtered: Bool) throws -> Int {
            try map.scatter { scan in
                try scan.connection.query("SELECT id FROM users") { Int($0.int64(at: 0)) }
                    .filter { !filtered || scan.serves(ShardingFixture.key($0)) }.count
            }.map(\.result).reduce(0, +)
        }
        // While migrating, the old owners serve and the copies are ignored.
        #expect(try scatterCount(filtered: true) == 200)
        try map.finishMigration()
        let everywhere = try ShardingFixture.placements(map, table: "users", keyColumn: "id").count
        #expect(everywhere == 200 + copied)
        #expect(try scatterCount(filtered: false) == 200 + copied)
        #expect(try scatterCount(filtered: true) == 200)
    }
}
