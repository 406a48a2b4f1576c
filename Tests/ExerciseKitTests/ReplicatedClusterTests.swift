import ExerciseKit
import ScaleCore
import Testing

/// Shards as replica sets: the exercise's SQL through `cluster.write/read` survives a crashed
/// primary in sync mode, async mode's losses are counted, and replica reads report staleness.
@Suite(.serialized) struct ReplicatedClusterTests {
    static let migrations = SchemaMigrations(component: "kv", steps: [
        SchemaMigration(version: 1, name: "kv", sql: "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL);"),
    ])

    static func configuration(_ replication: ClusterReplication, reads: ClusterReads = .primary) -> ClusterConfiguration {
        var configuration = ClusterConfiguration(shardCount: 2, replicaCount: 3, networkDelay: .constant(nanos: 100_000), storageMode: .memory)
        configuration.replication = replication
        configuration.reads = reads
        // Failovers these tests cause on purpose should not take a second each.
        configuration.failoverTimeoutNanos = 300_000_000
        return configuration
    }

    static func put(_ cluster: Cluster, _ key: Int64, session: ClusterSession? = nil) async throws {
        _ = try await cluster.write(PartitionKey(UInt64(key)), session: session) { try $0.run("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", key, "v\(key)") }
    }

    static func get(_ cluster: Cluster, _ key: Int64, session: ClusterSession? = nil) async throws -> String? {
        try await cluster.read(PartitionKey(UInt64(key)), session: session) { try $0.queryOne("SELECT v FROM kv WHERE k = ?", key) { $0.string(at: 0) } }
    }

    /// Runs `body` on a started cluster and shuts it down afterwards.
    static func withCluster(_ configuration: ClusterConfiguration, _ body: (Cluster) async throws -> Void) async throws {
        let cluster = try await Cluster.start(configuration, migrations: migrations)
        do { try await body(cluster) } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    @Test func everyShardIsAReplicaSetOnItsOwnNodes() async throws {
        try await Self.withCluster(Self.configuration(.sync)) { cluster in
            #expect(cluster.replicaSets.count == 2)
            let nodes = try [ShardID(0), ShardID(1)].flatMap { try cluster.faults.nodes(of: $0) }
            #expect(Set(nodes).count == 6, "3 replicas × 2 shards, no node shared")
            try await Self.put(cluster, 7)
            #expect(try await Self.get(cluster, 7) == "v7")
            #expect(await cluster.faults.waitUntilConverged())
            let shard = try cluster.shardMap().route(for: PartitionKey(7)).readShard
            for node in try cluster.faults.nodes(of: shard) {
                #expect(try cluster.node(node).read { try $0.queryOne("SELECT v FROM kv WHERE k = 7") { $0.string(at: 0) } } == "v7", "\(node) has the row")
            }
        }
    }

    @Test func syncModeLosesNoAcknowledgedWriteWhenAPrimaryCrashes() async throws {
        try await Self.withCluster(Self.configuration(.sync)) { cluster in
            let shard = ShardID(0)
            async let acknowledged: [Int64] = withTaskGroup(of: [Int64].self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var done: [Int64] = []
                        for key in stride(from: Int64(client), to: 400, by: 4) where (try? await Self.put(cluster, key)) != nil { done.append(key) }
                        return done
                    }
                }
                var all: [Int64] = []
                for await keys in group { all += keys }
                return all
            }
            try await Task.sleep(nanoseconds: 20_000_000)
            let crashed = try cluster.faults.crashPrimary(of: shard)
            #expect(await cluster.faults.waitForNewPrimary(of: shard, awayFrom: crashed))
            let written = await acknowledged
            #expect(written.count > 100)
            for key in written { #expect(try await Self.get(cluster, key) == "v\(key)", "acknowledged key \(key) survives") }
            #expect(cluster.replicaSet(of: shard)?.statistics().acknowledgedWritesLost == 0)
        }
    }

    @Test func asyncModeCountsTheAcknowledgedWritesAFailoverLost() async throws {
        try await Self.withCluster(Self.configuration(.async)) { cluster in
            let shard = ShardID(0)
            let keys = (Int64(0)..<200).filter { (try? cluster.shardMap().route(for: PartitionKey(UInt64($0))).writeShard) == shard }
            let window = try #require(cluster.metricSources.first).beginWindow()
            for key in keys.prefix(5) { try await Self.put(cluster, key) }
            #expect(await cluster.faults.waitUntilConverged())
            try cluster.faults.isolatePrimaryFromReplicas(of: shard)
            let stranded = Array(keys.dropFirst(5).prefix(6))
            for key in stranded { try await Self.put(cluster, key) }
            let crashed = try cluster.faults.crashPrimary(of: shard)
            cluster.faults.apply(.healAll)
            #expect(await cluster.faults.waitForNewPrimary(of: shard, awayFrom: crashed))
            for key in stranded { #expect(try await Self.get(cluster, key) == nil, "key \(key) was acknowledged and lost") }
            for key in keys.prefix(5) { #expect(try await Self.get(cluster, key) == "v\(key)") }
            let metrics = window()
            #expect(metrics["acknowledgedWritesLost"] == Double(stranded.count))
            #expect(metrics["failovers"] == 1)
        }
    }

    @Test func readYourWritesSeesTheSessionsOwnWritesOnReplicas() async throws {
        var configuration = Self.configuration(.async, reads: .readYourWrites)
        configuration.networkDelay = .uniform(minNanos: 50_000, maxNanos: 1_000_000)
        try await Self.withCluster(configuration) { cluster in
            let session = ClusterSession()
            for key in Int64(0)..<100 {
                try await Self.put(cluster, key, session: session)
                #expect(try await Self.get(cluster, key, session: session) == "v\(key)", "the session reads its own write of \(key)")
            }
        }
    }

    @Test func anyReplicaReadsAreCountedStaleWhenBehind() async throws {
        var configuration = Self.configuration(.async, reads: .any)
        configuration.networkDelay = .uniform(minNanos: 50_000, maxNanos: 2_000_000)
        try await Self.withCluster(configuration) { cluster in
            let window = try #require(cluster.metricSources.first).beginWindow()
            var missed = 0
            for key in Int64(0)..<100 {
                try await Self.put(cluster, key)
                if try await Self.get(cluster, key) == nil { missed += 1 }
            }
            let staleFraction = try #require(window()["staleReadFraction"])
            #expect(missed > 0, "an async secondary read right after the write misses it at least once in 100")
            #expect(staleFraction > 0)
        }
    }

    @Test func aCallCanAskThePrimaryWhateverTheClusterDefault() async throws {
        var configuration = Self.configuration(.async, reads: .any)
        configuration.networkDelay = .uniform(minNanos: 50_000, maxNanos: 2_000_000)
        try await Self.withCluster(configuration) { cluster in
            for key in Int64(0)..<50 {
                try await Self.put(cluster, key)
                let value = try await cluster.read(PartitionKey(UInt64(key)), reads: .primary) { try $0.queryOne("SELECT v FROM kv WHERE k = ?", key) { $0.string(at: 0) } }
                #expect(value == "v\(key)")
            }
        }
    }
}
