import ExerciseKit
import ScaleCore
import Testing

/// `addShard` over replica sets: rows move through the sets' logs while writers keep going, no
/// acknowledged write is lost, and afterwards every replica of a shard holds exactly its keys.
@Suite(.serialized) struct ReplicatedReshardTests {
    typealias Fixture = ReplicatedClusterTests
    static let table = ShardTable("kv", keyColumn: "k")

    @Test(arguments: [ClusterReplication.sync, .async])
    func aShardAddedUnderWritesLosesNoAcknowledgedWrite(_ replication: ClusterReplication) async throws {
        try await Fixture.withCluster(Fixture.configuration(replication)) { cluster in
            try await Self.load(cluster, keys: 0..<Self.keyCount)
            let acknowledged = Locked<[Int64: String]>(Dictionary(uniqueKeysWithValues: (Int64(0)..<Self.keyCount).map { ($0, "v\($0)") }))
            let moving = Locked(true)
            let report = try await withThrowingTaskGroup(of: ShardMoveReport?.self) { group in
                for writer in Int64(0)..<4 {
                    group.addTask {
                        var round = 0
                        while moving.withLock({ $0 }) || round < 20 {
                            round += 1
                            let key = (Int64(round) * 7919 + writer * 151) % Self.keyCount
                            let value = "w\(writer)-\(round)"
                            _ = try await cluster.write(PartitionKey(key)) { try $0.run("UPDATE kv SET v = ? WHERE k = ?", value, key) }
                            acknowledged.withLock { $0[key] = value }
                            let fresh = 1_000 + writer * 100_000 + Int64(round)
                            try await Fixture.put(cluster, fresh)
                            acknowledged.withLock { $0[fresh] = "v\(fresh)" }
                        }
                        return nil
                    }
                }
                group.addTask {
                    defer { moving.withLock { $0 = false } }
                    return try await cluster.addShard(moving: [Self.table])
                }
                var report: ShardMoveReport?
                for try await finished in group { report = report ?? finished }
                return report
            }
            let move = try #require(report)
            #expect(move.rowsCopied > 0)
            // Rows written to both owners during the move are deleted from the old one too.
            #expect(move.rowsDeleted >= move.rowsCopied, "every copied row leaves its old owner")
            #expect(try cluster.shardMap().partitioner.shards.count == 3)
            for (key, value) in acknowledged.withLock({ $0 }) {
                #expect(try await Fixture.get(cluster, key) == value, "key \(key)")
            }
            try await Self.expectEveryReplicaHoldsExactlyItsShardsKeys(cluster)
        }
    }

    /// Enough rows for several copy pages per shard, so writes land between pages.
    static let keyCount: Int64 = 2_000

    /// Inserts `keys` (value "v<key>") with one write per shard.
    static func load(_ cluster: Cluster, keys: Range<Int64>) async throws {
        let map = try cluster.shardMap()
        let byShard = Dictionary(grouping: keys) { map.route(for: PartitionKey($0)).writeShard }
        for group in byShard.values {
            _ = try await cluster.write(PartitionKey(group[0])) { connection in
                for key in group { try connection.run("INSERT INTO kv (k, v) VALUES (?, ?)", key, "v\(key)") }
            }
        }
    }

    /// After convergence, each replica of each shard holds the same keys, all placed on that shard.
    static func expectEveryReplicaHoldsExactlyItsShardsKeys(_ cluster: Cluster) async throws {
        let map = try cluster.shardMap()
        for (shard, set) in cluster.replicaSets {
            #expect(await set.waitUntilConverged(timeoutNanos: 5_000_000_000))
            var keysByReplica: [[Int64]] = []
            for replica in 0..<cluster.configuration.replicaCount {
                let keys = try set.store(of: ReplicaID(replica)).node.read { try $0.query("SELECT k FROM kv ORDER BY k") { $0.int64(at: 0) } }
                keysByReplica.append(keys)
                let misplaced = keys.filter { map.route(for: PartitionKey($0)).readShard != shard }
                #expect(misplaced.isEmpty, "\(shard) replica \(replica) holds keys of other shards: \(misplaced.prefix(5))")
            }
            #expect(Set(keysByReplica.map { $0 }).count == 1, "\(shard)'s replicas differ")
        }
    }

    @Test func aMoveThatFailsLeavesTheLayoutAndTheDataAsTheyWere() async throws {
        try await Fixture.withCluster(Fixture.configuration(.sync)) { cluster in
            for key in Int64(0)..<50 { try await Fixture.put(cluster, key) }
            await #expect(throws: (any Error).self) { try await cluster.addShard(moving: [ShardTable("no_such_table", keyColumn: "k")]) }
            #expect(try cluster.shardMap().partitioner.shards.count == 2)
            #expect(cluster.replicaSets.count == 2)
            for key in Int64(0)..<50 { #expect(try await Fixture.get(cluster, key) == "v\(key)") }
            let move = try await cluster.addShard(moving: [Self.table])
            #expect(move.rowsCopied > 0)
            try await Self.expectEveryReplicaHoldsExactlyItsShardsKeys(cluster)
        }
    }
}
