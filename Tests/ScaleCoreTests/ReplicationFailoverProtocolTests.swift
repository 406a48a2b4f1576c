import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Whole replica sets of state machines under crashes, loss and reordering (no threads).
@Suite struct ReplicationFailoverProtocolTests {
    typealias F = ReplicationFixtures
    static let millis: UInt64 = 1_000_000

    /// Writes `count` unique keys at the primary, delivering a random part of the traffic as it goes.
    static func writeBurst(_ cluster: inout ReplicationTestCluster, count: Int, prefix: String, generator: inout SeededGenerator) {
        for index in 0..<count {
            guard let primary = cluster.primary else { return }
            cluster.write(at: primary, key: "\(prefix)\(index)", value: "\(prefix)-value-\(index)")
            if generator.next() % 3 == 0 { cluster.settle(limit: Int(generator.next() % 6)) }
        }
    }

    /// A started set of three that reorders and drops messages, coordinator traffic included.
    static func faultyCluster(_ mode: ReplicationMode, seed: UInt64, dropProbability: Double) -> ReplicationTestCluster {
        var cluster = ReplicationTestCluster(count: 3, mode: mode, seed: seed)
        cluster.reorders = true
        cluster.controlCrossesNetwork = true
        cluster.dropProbability = dropProbability
        cluster.start()
        return cluster
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func synchronousFailoverLosesNoAcknowledgedWrite(seed: UInt64) throws {
        var cluster = Self.faultyCluster(.synchronous, seed: seed, dropProbability: 0.05)
        var generator = SeededGenerator(seed: seed)
        Self.writeBurst(&cluster, count: 40, prefix: "a", generator: &generator)
        let acknowledgedBeforeCrash = cluster.acknowledged.count
        // The primary crashes with appends and acknowledgements still in flight.
        cluster.down.insert(F.r0)
        cluster.run(for: 400 * Self.millis)
        #expect(cluster.failovers.count == 1)
        let newPrimary = try #require(cluster.primary)
        #expect(newPrimary != F.r0)
        #expect(cluster.lostAcknowledgedWrites(on: newPrimary) == 0)
        Self.writeBurst(&cluster, count: 20, prefix: "b", generator: &generator)
        cluster.down.remove(F.r0)
        cluster.dropProbability = 0
        cluster.run(for: 400 * Self.millis)
        #expect(cluster.acknowledged.count > acknowledgedBeforeCrash)
        for id in cluster.members { #expect(cluster.lostAcknowledgedWrites(on: id) == 0, "node \(id)") }
        let converged = cluster.converged
        #expect(converged, "the old primary rolled back what never committed and caught up")
        #expect(cluster.node(0).role == .secondary && cluster.node(0).epoch == cluster.coordinator.epoch)
    }

    @Test func asynchronousFailoverLosesAcknowledgedWritesThatDidNotShip() throws {
        var cluster = ReplicationTestCluster(count: 3, mode: .asynchronous)
        cluster.start()
        for index in 0..<10 { cluster.write(at: F.r0, key: "shipped\(index)", value: "x") }
        cluster.settle()
        for index in 0..<7 { cluster.write(at: F.r0, key: "stranded\(index)", value: "y") }
        #expect(cluster.acknowledged.count == 17, "asynchronous mode acknowledges at once")
        cluster.down.insert(F.r0)
        cluster.run(for: 400 * Self.millis)
        let newPrimary = try #require(cluster.primary)
        #expect(cluster.lostAcknowledgedWrites(on: newPrimary) == 7)
        cluster.down.remove(F.r0)
        cluster.run(for: 400 * Self.millis)
        let converged = cluster.converged
        #expect(converged)
        #expect(cluster.lostAcknowledgedWrites(on: F.r0) == 7, "the old primary rolled its stranded writes back")
        #expect(cluster.value("stranded0", at: F.r0) == nil && cluster.value("shipped9", at: F.r0) == "x")
    }

    @Test func quorumFailoverKeepsWritesOnAMajority() throws {
        var cluster = Self.faultyCluster(.quorum(writeCount: 2), seed: 9, dropProbability: 0.05)
        var generator = SeededGenerator(seed: 9)
        Self.writeBurst(&cluster, count: 40, prefix: "q", generator: &generator)
        cluster.down.insert(F.r0)
        cluster.run(for: 400 * Self.millis)
        #expect(cluster.lostAcknowledgedWrites(on: try #require(cluster.primary)) == 0)
    }

    @Test func aFencedOldPrimaryRefusesWrites() {
        var cluster = ReplicationTestCluster(count: 3, mode: .asynchronous)
        cluster.start()
        cluster.write(at: F.r0, key: "before", value: "1")
        cluster.settle()
        cluster.down.insert(F.r0)
        cluster.run(for: 400 * Self.millis)
        let newEpoch = cluster.coordinator.epoch
        #expect(newEpoch == Epoch(2))
        // It comes back still believing it is primary of epoch 1, but its lease ran out.
        cluster.down.remove(F.r0)
        #expect(cluster.node(0).role == .primary)
        let plain = cluster.write(at: F.r0, key: "split", value: "brain")
        #expect(cluster.rejected[plain]?.code == .leaseExpired)
        let tokened = cluster.write(at: F.r0, key: "split2", value: "brain", expectedEpoch: newEpoch)
        #expect(cluster.rejected[tokened]?.code == .staleEpoch)
        cluster.run(for: 50 * Self.millis)
        #expect(cluster.node(0).role == .secondary)
        let late = cluster.write(at: F.r0, key: "split3", value: "brain")
        #expect(cluster.rejected[late]?.code == .notPrimary)
        let converged = cluster.converged
        #expect(cluster.value("split", at: F.r0) == nil && converged)
    }

    @Test func withoutLeasesOnlyTheEpochTokenFencesAnIsolatedPrimary() {
        var cluster = ReplicationTestCluster(count: 3, mode: .asynchronous) { $0.enforcesLease = false }
        cluster.start()
        cluster.down.insert(F.r0)
        cluster.run(for: 400 * Self.millis)
        cluster.down.remove(F.r0)
        let tokened = cluster.write(at: F.r0, key: "fenced", value: "no", expectedEpoch: cluster.coordinator.epoch)
        #expect(cluster.rejected[tokened]?.code == .staleEpoch)
        // A client without the token is acknowledged by the old primary: split brain...
        let untokened = cluster.write(at: F.r0, key: "split", value: "brain")
        #expect(cluster.acknowledged[untokened] != nil)
        cluster.run(for: 100 * Self.millis)
        // ...and the write is lost when it rejoins.
        let converged = cluster.converged
        #expect(cluster.value("split", at: F.r0) == nil && converged)
        #expect(cluster.lostAcknowledgedWrites(on: F.r0) == 1)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func repeatedFailoversUnderLossConverge(seed: UInt64) throws {
        var cluster = Self.faultyCluster(.synchronous, seed: seed, dropProbability: 0.1)
        var generator = SeededGenerator(seed: seed)
        for round in 0..<4 {
            Self.writeBurst(&cluster, count: 15, prefix: "r\(round)-", generator: &generator)
            let victim = try #require(cluster.primary)
            cluster.down.insert(victim)
            cluster.run(for: 300 * Self.millis)
            cluster.down.remove(victim)
            cluster.run(for: 100 * Self.millis)
        }
        cluster.dropProbability = 0
        cluster.run(for: 400 * Self.millis)
        #expect(cluster.failovers.count == 4)
        #expect(cluster.failovers.allSatisfy { $0.wasClean })
        let converged = cluster.converged
        #expect(converged)
        for id in cluster.members { #expect(cluster.lostAcknowledgedWrites(on: id) == 0) }
        #expect(cluster.coordinator.epoch == Epoch(5))
    }

    @Test func aSilentSecondaryDoesNotBlockSynchronousWritesForever() {
        var cluster = ReplicationTestCluster(count: 3, mode: .synchronous)
        cluster.start()
        cluster.down.insert(F.r2)
        let request = cluster.write(at: F.r0, key: "a", value: "1")
        cluster.settle()
        #expect(cluster.acknowledged[request] == nil, "sync waits for the in-sync r2")
        cluster.run(for: 300 * Self.millis)
        #expect(cluster.acknowledged[request] != nil, "r2 left the in-sync set")
        #expect(cluster.node(0).status.inSyncReplicas == [F.r1])
        cluster.down.remove(F.r2)
        cluster.run(for: 100 * Self.millis)
        #expect(cluster.node(0).status.inSyncReplicas == [F.r1, F.r2])
        let converged = cluster.converged
        #expect(converged)
    }
}
