import Foundation
import Synchronization
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Users (one row per key) and their orders (several rows per key, composite primary key).
enum ShardingFixture {
    static let schema = SchemaMigrations(component: "sharding-test", steps: [
        SchemaMigration(version: 1, name: "users and orders", sql: """
            CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL);
            CREATE TABLE orders (user_id INTEGER NOT NULL, seq INTEGER NOT NULL, amount INTEGER NOT NULL,
                                 PRIMARY KEY (user_id, seq)) WITHOUT ROWID;
            """),
    ])
    static let tables = [ShardTable("users", keyColumn: "id"), ShardTable("orders", keyColumn: "user_id")]
    static let ordersPerUser = 3

    static func key(_ id: Int) -> PartitionKey { PartitionKey(Int64(id)) }

    static func node(_ shard: ShardID, in folder: StorageTestFolder? = nil) throws -> StorageNode {
        let options = folder.map { $0.options("shard-\(shard.rawValue)") } ?? .memory
        let node = try StorageNode(name: "shard-\(shard.rawValue)", options: options)
        try node.migrate(schema)
        return node
    }

    static func nodes(_ shards: [ShardID], in folder: StorageTestFolder? = nil) throws -> [ShardID: StorageNode] {
        var nodes: [ShardID: StorageNode] = [:]
        for shard in shards { nodes[shard] = try node(shard, in: folder) }
        return nodes
    }

    static let upsertUser = """
        INSERT INTO users (id, name, version) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version
        """

    /// Writes users `ids` with their orders through the map.
    static func populate<P: Partitioner>(_ map: ShardMap<P>, ids: Range<Int>) throws {
        for id in ids {
            try map.write(key(id)) { connection in
                try connection.run(upsertUser, id, "user-\(id)", 0)
                for seq in 0..<ordersPerUser {
                    try connection.run("INSERT INTO orders VALUES (?, ?, ?)", id, seq, id * 10 + seq)
                }
            }
        }
    }

    /// Every (table, key value) on every node of the map, with the shard it sits on.
    static func placements<P: Partitioner>(_ map: ShardMap<P>, table: String, keyColumn: String) throws -> [(shard: ShardID, id: Int)] {
        var found: [(ShardID, Int)] = []
        for (shard, node) in map.nodes {
            let ids = try node.read { try $0.query("SELECT \(keyColumn) FROM \(table)") { Int($0.int64(at: 0)) } }
            found += ids.map { (shard, $0) }
        }
        return found
    }

    /// Checks that every row sits on exactly the shard the layout places it on.
    static func misplacedRows<P: Partitioner>(_ map: ShardMap<P>) throws -> Int {
        let layout = map.partitioner
        var misplaced = 0
        for table in tables {
            for (shard, id) in try placements(map, table: table.name, keyColumn: table.keyColumn)
            where layout.shard(for: key(id)) != shard {
                misplaced += 1
            }
        }
        return misplaced
    }
}

/// A flag one thread raises and another watches.
final class TestFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .releasing) }
    var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Waits (at most 10 s) for the flag; true if it was raised.
    func eventually() -> Bool {
        for _ in 0..<10_000 where !isRaised { usleep(1_000) }
        return isRaised
    }
}
