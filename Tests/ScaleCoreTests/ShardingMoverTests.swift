import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct ShardingMoverTests {
    func totals<P: Partitioner>(_ map: ShardMap<P>) throws -> (users: Int, orders: Int) {
        (try map.rowLoad(table: "users").total, try map.rowLoad(table: "orders").total)
    }

    @Test func addingARingShardMovesOnlyTheKeysItTakes() throws {
        let ring = try RingPartitioner(shards: ShardID.range(4), virtualNodeCount: 32)
        let map = try ShardMap(partitioner: ring, nodes: ShardingFixture.nodes(ring.shards))
        try ShardingFixture.populate(map, ids: 0..<400)
        let grown = try ring.adding(4)
        let movingUsers = (0..<400).filter { ring.shard(for: ShardingFixture.key($0)) != grown.shard(for: ShardingFixture.key($0)) }.count
        let mover = try ShardMover(map: map, tables: ShardingFixture.tables, batchSize: 37)
        let report = try mover.rebalance(to: grown, addingNodes: [4: ShardingFixture.node(4)])

        #expect(report.rowsCopied == movingUsers * (1 + ShardingFixture.ordersPerUser))
        #expect(report.rowsDeleted == report.rowsCopied)
        #expect(Set(report.rowsCopiedByFlow.keys.map(\.to)) == [4])
        #expect(report.detachedShards == [])
        #expect(map.phase.isMigrating == false)
        #expect(map.partitioner.shards == ShardID.range(5))
        #expect(try totals(map) == (400, 400 * ShardingFixture.ordersPerUser))
        #expect(try ShardingFixture.misplacedRows(map) == 0)
        let version = map.version
        // Still serving by the new layout.
        let name = try map.read(ShardingFixture.key(5)) { try $0.queryOne("SELECT name FROM users WHERE id = ?", 5) { $0.string(at: 0) } }
        #expect(name == "user-5")
        #expect(version == 3)
    }

    @Test func removingAShardMovesItsKeysAndDetachesItsNode() throws {
        let ring = try RingPartitioner(shards: ShardID.range(4), virtualNodeCount: 32)
        let nodes = try ShardingFixture.nodes(ring.shards)
        let map = try ShardMap(partitioner: ring, nodes: nodes)
        try ShardingFixture.populate(map, ids: 0..<300)
        let report = try ShardMover(map: map, tables: ShardingFixture.tables).rebalance(to: ring.removing(3))
        #expect(report.detachedShards == [3])
        #expect(map.node(3) == nil)
        #expect(try nodes[3]?.read { try $0.queryOne("SELECT count(*) FROM users") { $0.int64(at: 0) } } == 0)
        #expect(try totals(map) == (300, 300 * ShardingFixture.ordersPerUser))
        #expect(try ShardingFixture.misplacedRows(map) == 0)
    }

    @Test func growingHashModMovesMostRows() throws {
        let hashMod = try HashModPartitioner(shards: ShardID.range(4))
        let map = try ShardMap(partitioner: hashMod, nodes: ShardingFixture.nodes(hashMod.shards))
        try ShardingFixture.populate(map, ids: 0..<500)
        let report = try ShardMover(map: map, tables: ShardingFixture.tables)
            .rebalance(to: hashMod.adding(4), addingNodes: [4: ShardingFixture.node(4)])
        let movedShare = Double(report.rowsCopied) / Double(500 * (1 + ShardingFixture.ordersPerUser))
        #expect(movedShare > 0.7 && movedShare < 0.9, "hash-mod moved \(movedShare)")
        #expect(try totals(map) == (500, 500 * ShardingFixture.ordersPerUser))
        #expect(try ShardingFixture.misplacedRows(map) == 0)
    }

    @Test func directoryMovesOneKeyReadingOnlyItsRows() throws {
        let directory = try DirectoryPartitioner(fallback: RingPartitioner(shards: ShardID.range(3), virtualNodeCount: 16))
        let map = try ShardMap(partitioner: directory, nodes: ShardingFixture.nodes(directory.shards))
        try ShardingFixture.populate(map, ids: 0..<100)
        let hot = ShardingFixture.key(7)
        let target = try directory.adding(3).moving(hot, to: 3)
        let report = try ShardMover(map: map, tables: ShardingFixture.tables)
            .rebalance(to: target, addingNodes: [3: ShardingFixture.node(3)], onlyKeys: [.integer(7)])
        #expect(report.rowsCopied == 1 + ShardingFixture.ordersPerUser)
        #expect(report.rowsCopiedByFlow == [ShardFlow(from: directory.shard(for: hot), to: 3): 1 + ShardingFixture.ordersPerUser])
        #expect(try map.node(3)?.read { try $0.query("SELECT id FROM users") { $0.int64(at: 0) } } == [7])
        #expect(try ShardingFixture.misplacedRows(map) == 0)
        #expect(try totals(map) == (100, 100 * ShardingFixture.ordersPerUser))
    }

    @Test func tablesWithoutAPrimaryKeyAreRefused() throws {
        let ring = try RingPartitioner(shards: ShardID.range(2))
        let nodes = try ShardingFixture.nodes(ring.shards)
        for node in nodes.values { try node.write { try $0.execute("CREATE TABLE events (user_id INTEGER, body TEXT)") } }
        let map = try ShardMap(partitioner: ring, nodes: nodes)
        let mover = try ShardMover(map: map, tables: [ShardTable("events", keyColumn: "user_id")])
        let refused = #expect(throws: ShardingError.self) { try mover.rebalance(to: ring.adding(2), addingNodes: [2: ShardingFixture.node(2)]) }
        #expect(refused?.code == .unsupportedTable)
        let unknownColumn = #expect(throws: ShardingError.self) {
            try ShardMover(map: map, tables: [ShardTable("users", keyColumn: "nope")]).rebalance(to: ring.adding(2))
        }
        #expect(unknownColumn?.code == .unsupportedTable)
        #expect(map.phase.isMigrating == false)
        #expect(map.partitioner.shards == ring.shards)
    }

    /// The new shard's node rejects some rows mid-copy: the map must go back to the old layout
    /// with every row where it was and no copies left on the other shards.
    @Test func aFailedCopyAbortsAndLeavesTheOldLayoutIntact() throws {
        let hashMod = try HashModPartitioner(shards: ShardID.range(3))
        let map = try ShardMap(partitioner: hashMod, nodes: ShardingFixture.nodes(hashMod.shards))
        try ShardingFixture.populate(map, ids: 0..<300)
        let picky = try StorageNode(name: "picky", options: .memory)
        try picky.write { connection in
            try connection.execute("""
                CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, CHECK (id < 250));
                CREATE TABLE orders (user_id INTEGER NOT NULL, seq INTEGER NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY (user_id, seq)) WITHOUT ROWID;
                """)
        }
        let failure = #expect(throws: StorageError.self) {
            try ShardMover(map: map, tables: ShardingFixture.tables, batchSize: 16)
                .rebalance(to: hashMod.adding(3), addingNodes: [3: picky])
        }
        #expect(failure?.code == .constraint)
        #expect(map.phase.isMigrating == false)
        #expect(map.partitioner.shards == hashMod.shards)
        #expect(map.node(3) == nil)
        #expect(try totals(map) == (300, 300 * ShardingFixture.ordersPerUser))
        #expect(try ShardingFixture.misplacedRows(map) == 0)
        #expect(try picky.read { try $0.queryOne("SELECT count(*) FROM users") { $0.int64(at: 0) } } == 0)
    }
}
