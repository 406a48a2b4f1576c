import ExerciseKit
import ScaleCore
import Testing

/// The cluster's shared shard layout: every instance routes by it, calls cross the network, a shard added while serving keeps every row.
@Suite struct ClusterShardsTests {
    static let migrations = SchemaMigrations(component: "kv", steps: [
        SchemaMigration(version: 1, name: "kv", sql: "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL);"),
    ])
    static let keys = Array(0..<Int64(200))

    /// Runs `body` on a 2-shard cluster holding `keys`, shut down afterwards.
    func withLoadedCluster(_ body: (Cluster) async throws -> Void) async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 2, storageMode: .memory, partitioner: "ring"), migrations: Self.migrations)
        do {
            for key in Self.keys {
                _ = try await cluster.write(PartitionKey(UInt64(key))) { try $0.run("INSERT INTO kv(k, v) VALUES (?, ?)", key, "v\(key)") }
            }
            try await body(cluster)
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    func readAll(_ cluster: Cluster) async throws -> [String?] {
        var values: [String?] = []
        for key in Self.keys {
            values.append(try await cluster.read(PartitionKey(UInt64(key))) { try $0.queryOne("SELECT v FROM kv WHERE k = ?", key) { $0.string(at: 0) } })
        }
        return values
    }

    @Test func everyCallCrossesTheNetworkToTheServingShard() async throws {
        try await withLoadedCluster { cluster in
            let before = cluster.network.counters.snapshot().messages
            let values = try await readAll(cluster)
            #expect(values == Self.keys.map { "v\($0)" })
            #expect(cluster.network.counters.snapshot().messages &- before == UInt64(Self.keys.count) * 2)
            let perNode = try cluster.nodeIDs.map { id in try cluster.node(id).read { try $0.queryOne("SELECT count(*) FROM kv") { $0.int64(at: 0) } } ?? 0 }
            #expect(perNode.reduce(0, +) == Int64(Self.keys.count))
            #expect(perNode.allSatisfy { $0 > 0 }, "both shards hold keys: \(perNode)")
        }
    }

    @Test func aShardAddedThroughOneInstanceIsSeenByAll() async throws {
        try await withLoadedCluster { cluster in
            // Two "app servers" ask for the layout; they get the one the cluster owns.
            #expect(try cluster.shardMap() === cluster.shardMap(.ring))
            let report = try await cluster.addShard(moving: [ShardTable("kv", keyColumn: "k")])
            #expect(report.rowsCopied > 0)
            #expect(try cluster.shardMap().partitioner.shards.count == 3)
            #expect(try await readAll(cluster) == Self.keys.map { "v\($0)" })
            let scattered = try await cluster.scatter(keyOf: { PartitionKey(UInt64($0)) }) { try $0.query("SELECT k FROM kv") { $0.int64(at: 0) } }
            #expect(scattered.sorted() == Self.keys, "every row once, none twice after the move")
        }
    }

    @Test func theLayoutCannotSwitchStrategy() async throws {
        try await withLoadedCluster { cluster in
            #expect(throws: ClusterError.self) { try cluster.shardMap(.hashMod) }
        }
    }
}
