import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Multi-primary clusters of real SQLite nodes over the simulated network.
@Suite(.serialized) struct ReplicationMultiPrimaryClusterTests {
    static let millis: UInt64 = 1_000_000

    static func makeCluster(_ policy: ConflictPolicy, skew: [Int64] = [], seed: UInt64 = 1) throws -> MultiPrimaryCluster<SQLiteReplicaStore> {
        let network = SimulatedNetwork(NetworkConfiguration(
            nodeCount: 3, delay: .uniform(minNanos: 100_000, maxNanos: 2 * millis), clientDelay: .constant(nanos: 50_000), seed: seed
        ))
        let cluster = try MultiPrimaryCluster.inMemory(configuration: MultiPrimaryConfiguration(nodeCount: 3, policy: policy, clockSkewNanos: skew), network: network)
        cluster.start()
        return cluster
    }

    static func change(_ key: String, _ value: String?) -> RowChange {
        RowChange(table: "t", key: key, value: value.map { Array($0.utf8) })
    }

    static func text(_ versions: [RowVersion]) -> [String?] {
        versions.map { $0.value.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func lastWriterWinsConvergesOnAllReplicasDespiteLoss() async throws {
        let cluster = try Self.makeCluster(.lastWriterWins, skew: [0, -2 * Int64(Self.millis), Int64(Self.millis)])
        cluster.network.setLoss(probability: 0.1)
        let written = await withTaskGroup(of: [(key: String, version: RowVersion)].self) { group in
            for client in 0..<3 {
                group.addTask {
                    var versions: [(key: String, version: RowVersion)] = []
                    for round in 0..<30 {
                        let key = "k\(round % 4)"
                        if let version = try? await cluster.write(Self.change(key, "c\(client)-\(round)"), at: ReplicaID(client), from: .client(client)) {
                            versions.append((key, version))
                        }
                    }
                    return versions
                }
            }
            var all: [(key: String, version: RowVersion)] = []
            for await versions in group { all += versions }
            return all
        }
        cluster.network.setLoss(probability: 0)
        #expect(await cluster.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        for key in Set(written.map(\.key)) {
            // Every node keeps the same winner, and no acknowledged write beats it (a write whose
            // reply was lost to the network also counts, so the winner may be one the test never saw).
            let reference = try await cluster.read(table: "t", key: key, at: ReplicaID(0))
            #expect(reference.count == 1)
            let winner = try #require(reference.first)
            #expect(!written.contains { $0.key == key && $0.version.winsOver(winner) })
            for node in 1..<3 {
                #expect(try await cluster.read(table: "t", key: key, at: ReplicaID(node)) == reference, "node \(node), \(key)")
            }
        }
        #expect(cluster.conflictCountsByNode.reduce(0, +) > 0)
        await cluster.shutdown()
    }

    @Test func siblingsKeepConcurrentWritesUntilMerged() async throws {
        let cluster = try Self.makeCluster(.siblings)
        // Nodes 0 and 1 cannot talk, so their writes are concurrent.
        let cut = Partition.symmetric([[NodeID(0)], [NodeID(1)]])
        cluster.network.partition(cut)
        try await cluster.write(Self.change("cart", "apple"), at: ReplicaID(0))
        try await cluster.write(Self.change("cart", "pear"), at: ReplicaID(1))
        cluster.network.heal(cut)
        #expect(await cluster.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        for node in 0..<3 {
            let versions = try await cluster.read(table: "t", key: "cart", at: ReplicaID(node))
            #expect(Set(Self.text(versions)) == ["apple", "pear"])
        }
        #expect(cluster.conflictCountsByNode.reduce(0, +) >= 2)
        let siblings = try await cluster.read(table: "t", key: "cart", at: ReplicaID(2))
        try await cluster.write(Self.change("cart", "apple+pear"), at: ReplicaID(2), context: RowVersion.context(of: siblings))
        #expect(await cluster.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        for node in 0..<3 {
            #expect(Self.text(try await cluster.read(table: "t", key: "cart", at: ReplicaID(node))) == ["apple+pear"])
        }
        await cluster.shutdown()
    }

    @Test func aCausallyLaterWriteWinsAtANodeWithASlowClock() async throws {
        // Node 1's clock runs 50 ms behind node 0's.
        let cluster = try Self.makeCluster(.lastWriterWins, skew: [0, -50 * Int64(Self.millis), 0])
        let first = try await cluster.write(Self.change("a", "first"), at: ReplicaID(0))
        #expect(await cluster.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        let second = try await cluster.write(Self.change("a", "second"), at: ReplicaID(1))
        #expect(await cluster.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        for node in 0..<3 {
            #expect(Self.text(try await cluster.read(table: "t", key: "a", at: ReplicaID(node))) == ["second"])
        }
        // Node 1's physical clock reads earlier than node 0's write, yet its hybrid clock orders after it.
        #expect(second.timestamp > first.timestamp)
        #expect(cluster.conflictCountsByNode == [0, 0, 0])
        await cluster.shutdown()
    }

    @Test func rowVersionsRoundTripThroughTheirBinaryForm() throws {
        let versions = [
            RowVersion(value: [1, 2, 3], timestamp: HLCTimestamp(wallNanos: 42, logical: 7), origin: ReplicaID(2), counter: 5, context: VersionVector([ReplicaID(0): 3, ReplicaID(2): 4])),
            RowVersion(value: nil, timestamp: HLCTimestamp(wallNanos: .max, logical: .max), origin: ReplicaID(0), counter: 1, context: VersionVector()),
        ]
        let bytes = RowVersionCoding.encode(versions)
        #expect(try RowVersionCoding.decode(bytes) == versions)
        #expect(try RowVersionCoding.decode(RowVersionCoding.encode([])) == [])
        for cut in [0, 1, 5, bytes.count - 1] {
            #expect(throws: ReplicationError.self) { try RowVersionCoding.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: ReplicationError.self) { try RowVersionCoding.decode(bytes + [0]) }
        var hugeCount = bytes
        hugeCount[1] = 0xFF
        hugeCount[8] = 0x7F
        #expect(throws: ReplicationError.self) { try RowVersionCoding.decode(hugeCount) }
    }
}

/// The benchmark runs end to end (tiny sizes; figures are only meaningful in release).
@Suite struct ReplicationBenchmarkSmokeTests {
    @Test func replicatedWriteBenchmarkProducesEveryRow() async throws {
        let report = try await ReplicationBenchmarks.replicatedWrites(writesPerCase: 20, clientCount: 2)
        #expect(report.rows.count == 2 + 2 * 3 * 3)
        #expect(report.rows.allSatisfy { $0.value > 0 })
        #expect(report.verdict != nil)
    }
}
