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

/// Replica sets of real SQLite nodes over the simulated network (short delays, real timers);
/// serialized so parallel tests do not starve the timers these depend on.
@Suite(.serialized) struct ReplicationReplicaSetTests {
    static let millis: UInt64 = 1_000_000

    /// A started replica set of 3 in-memory SQLite nodes; `nodeDelay` between nodes, `clientDelay`
    /// to clients. Tests that do not fail nodes over use generous failure timers, so a busy machine
    /// (other tests, the thread sanitizer) cannot trigger a failover they do not expect.
    static func makeSet(
        _ mode: ReplicationMode, nodeDelay: LatencyDistribution = .constant(nanos: 200_000),
        clientDelay: LatencyDistribution = .constant(nanos: 100_000), readPolicy: ReplicaReadPolicy = .primaryOnly,
        failsOver: Bool = false, seed: UInt64 = 1
    ) async throws -> ReplicaSet<SQLiteReplicaStore> {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4, delay: nodeDelay, clientDelay: clientDelay, callTimeoutNanos: 100 * millis, seed: seed))
        var configuration = ReplicaSetConfiguration(replicaCount: 3, mode: mode, readPolicy: readPolicy)
        // A starved secondary must not leave the in-sync set (it would make a later promotion unclean).
        configuration.inSyncTimeoutNanos = 2_000 * millis
        if !failsOver {
            configuration.failureTimeoutNanos = 3_000 * millis
            configuration.leaseNanos = 2_000 * millis
        }
        let set = try ReplicaSet.inMemory(configuration: configuration, network: network)
        try await set.start()
        return set
    }

    /// Waits (bounded) until a node other than `oldPrimary` is primary and taking writes.
    static func waitForFailover(_ set: ReplicaSet<SQLiteReplicaStore>, awayFrom oldPrimary: ReplicaID) async throws {
        let deadline = MonotonicClock.nowNanos() + 5_000 * millis
        while MonotonicClock.nowNanos() < deadline {
            if let primary = set.primary, primary != oldPrimary, set.status(of: primary).role == .primary { return }
            try await Task.sleep(nanoseconds: 5 * millis)
        }
        Issue.record("no failover away from \(oldPrimary) within 5 s")
    }

    /// Reads `counter`, retrying (bounded) while the failure detector sees no live replica: under
    /// the thread sanitizer a starved coordinator can miss heartbeats for a moment.
    static func readRetryingUnreachable(_ set: ReplicaSet<SQLiteReplicaStore>, policy: ReplicaReadPolicy) async throws -> ReplicaRead<[UInt8]?> {
        for _ in 0..<100 {
            do {
                return try await set.read(table: "t", key: "counter", policy: policy)
            } catch {
                if error.code != .unreachable { throw error }
            }
            try await Task.sleep(nanoseconds: 10 * millis)
        }
        return try await set.read(table: "t", key: "counter", policy: policy)
    }

    static func row(_ key: String, _ value: String) -> [RowChange] {
        [.upsert(table: "t", key: key, value: Array(value.utf8))]
    }

    static func value(_ key: String, in store: SQLiteReplicaStore) throws -> String? {
        try store.value(table: "t", key: key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `count` unique keys from `clients` concurrent clients; returns the keys acknowledged.
    static func writeConcurrently(_ set: ReplicaSet<SQLiteReplicaStore>, prefix: String, count: Int, clients: Int = 4) async -> [String] {
        await withTaskGroup(of: [String].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var acknowledged: [String] = []
                    for index in stride(from: client, to: count, by: clients) {
                        let key = "\(prefix)\(index)"
                        if (try? await set.write(row(key, "v-\(key)"), from: .client(client))) != nil { acknowledged.append(key) }
                    }
                    return acknowledged
                }
            }
            var all: [String] = []
            for await keys in group { all += keys }
            return all
        }
    }

    @Test func synchronousAcknowledgementMeansEveryInSyncReplicaApplied() async throws {
        let set = try await Self.makeSet(.synchronous)
        var secondariesChecked = 0
        for index in 0..<20 {
            try await set.write(Self.row("k\(index)", "v\(index)"))
            let primary = try #require(set.primary)
            // A secondary in the set now was in it at the acknowledgement, or rejoined only after catching up.
            let inSync = set.status(of: primary).inSyncReplicas
            secondariesChecked += inSync.count
            for replica in [primary] + inSync {
                #expect(try Self.value("k\(index)", in: set.store(of: replica)) == "v\(index)", "\(replica) lacks k\(index) at acknowledgement")
            }
        }
        #expect(secondariesChecked >= 20, "the in-sync set stayed populated")
        #expect(set.statistics().writesAcknowledged == 20)
        await set.shutdown()
    }

    @Test func quorumAcknowledgementMeansAQuorumApplied() async throws {
        let set = try await Self.makeSet(.quorum(writeCount: 2), nodeDelay: .uniform(minNanos: 100_000, maxNanos: 3_000_000))
        for index in 0..<20 {
            try await set.write(Self.row("k\(index)", "v\(index)"))
            let holders = try set.configuration.members.filter { try Self.value("k\(index)", in: set.store(of: $0)) != nil }
            #expect(holders.count >= 2)
        }
        #expect(await set.waitUntilConverged(timeoutNanos: 2_000 * Self.millis))
        await set.shutdown()
    }

    @Test func asynchronousAcknowledgesBeforeSecondariesApply() async throws {
        // Clients are close to the primary; secondaries are 20 ms away.
        let set = try await Self.makeSet(.asynchronous, nodeDelay: .constant(nanos: 20 * Self.millis), clientDelay: .constant(nanos: 50_000))
        try await set.write(Self.row("early", "1"))
        let secondaries = set.configuration.members.filter { $0 != set.primary }
        #expect(try secondaries.allSatisfy { try Self.value("early", in: set.store(of: $0)) == nil })
        #expect(await set.waitUntilConverged(timeoutNanos: 2_000 * Self.millis))
        #expect(try secondaries.allSatisfy { try Self.value("early", in: set.store(of: $0)) == "1" })
        await set.shutdown()
    }

    @Test func lagIsMeasuredPerReplicaInPositionsAndTime() async throws {
        let delayNanos = 2 * Self.millis
        let set = try await Self.makeSet(.asynchronous, nodeDelay: .constant(nanos: delayNanos))
        _ = await Self.writeConcurrently(set, prefix: "lag", count: 60)
        #expect(await set.waitUntilConverged(timeoutNanos: 2_000 * Self.millis))
        let statistics = set.statistics()
        for summary in statistics.lag where summary.replica != statistics.primary {
            #expect(summary.timeSampleCount >= 60)
            // An entry cannot be applied before it crossed the link.
            #expect(summary.lagNanosP50 >= delayNanos)
            #expect(summary.lagNanosMax >= summary.lagNanosP99 && summary.lagNanosP99 >= summary.lagNanosP50)
            #expect(summary.positionSampleCount == 60)
            #expect(summary.positionsMax >= 1, "async writes run ahead of the secondaries")
        }
        await set.shutdown()
    }

    @Test func synchronousFailoverLosesNoAcknowledgedWrite() async throws {
        let set = try await Self.makeSet(.synchronous, nodeDelay: .uniform(minNanos: 100_000, maxNanos: 500_000), failsOver: true)
        let oldPrimary = try #require(set.primary)
        async let writes = Self.writeConcurrently(set, prefix: "s", count: 200)
        try await Task.sleep(nanoseconds: 20 * Self.millis)
        set.takeDown(oldPrimary)
        let acknowledged = await writes
        #expect(set.failovers.first?.oldPrimary == oldPrimary)
        #expect(set.primary != oldPrimary)
        set.bringUp(oldPrimary)
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Self.millis))
        for replica in set.configuration.members {
            let missing = try acknowledged.filter { try Self.value($0, in: set.store(of: replica)) != "v-\($0)" }
            #expect(missing.isEmpty, "\(replica) misses \(missing.count) acknowledged writes")
        }
        let statistics = set.statistics()
        #expect(statistics.acknowledgedWritesLost == 0)
        #expect(statistics.failovers.allSatisfy { $0.wasClean })
        #expect(set.status(of: oldPrimary).role == .secondary)
        await set.shutdown()
    }

    @Test func asynchronousFailoverReportsHowManyAcknowledgedWritesItLost() async throws {
        let set = try await Self.makeSet(.asynchronous, failsOver: true)
        let oldPrimary = try #require(set.primary)
        for index in 0..<5 { try await set.write(Self.row("shipped\(index)", "x")) }
        #expect(await set.waitUntilConverged(timeoutNanos: 2_000 * Self.millis))
        // The primary loses its secondaries but still reaches clients and the coordinator:
        // asynchronous mode keeps acknowledging writes that go nowhere.
        let secondaries = set.configuration.members.filter { $0 != oldPrimary }.map { set.networkID(of: $0) }
        let cut = Partition.isolating(set.networkID(of: oldPrimary), from: secondaries)
        set.network.partition(cut)
        var stranded: [String] = []
        for index in 0..<7 {
            try await set.write(Self.row("stranded\(index)", "y"))
            stranded.append("stranded\(index)")
        }
        set.takeDown(oldPrimary)
        set.network.heal(cut)
        try await Self.waitForFailover(set, awayFrom: oldPrimary)
        let newPrimary = try #require(set.primary)
        #expect(newPrimary != oldPrimary)
        #expect(try stranded.allSatisfy { try Self.value($0, in: set.store(of: newPrimary)) == nil })
        #expect(set.statistics().acknowledgedWritesLost == UInt64(stranded.count))
        set.bringUp(oldPrimary)
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Self.millis))
        #expect(set.statistics().entriesRolledBack == UInt64(stranded.count))
        for key in stranded { #expect(try Self.value(key, in: set.store(of: oldPrimary)) == nil, "the old primary rolled \(key) back") }
        #expect(try Self.value("shipped4", in: set.store(of: oldPrimary)) == "x")
        await set.shutdown()
    }

    @Test func aFencedOldPrimaryRefusesWrites() async throws {
        let set = try await Self.makeSet(.asynchronous, failsOver: true)
        let oldPrimary = try #require(set.primary)
        let oldEpoch = set.epoch
        try await set.write(Self.row("before", "1"))
        set.takeDown(oldPrimary)
        try await Self.waitForFailover(set, awayFrom: oldPrimary)
        #expect(set.epoch > oldEpoch)
        set.bringUp(oldPrimary)
        // Whatever it has learned by now, the old primary must refuse: lease expired, stale epoch or not primary.
        for attempt in 0..<5 {
            for token in [nil, oldEpoch, set.epoch] as [Epoch?] {
                do {
                    try await set.write(Self.row("split\(attempt)", "brain"), directlyTo: oldPrimary, expectedEpoch: token)
                    Issue.record("the fenced old primary acknowledged a write (token \(String(describing: token)))")
                } catch {
                    #expect([.leaseExpired, .staleEpoch, .notPrimary].contains(error.code))
                }
            }
            try await Task.sleep(nanoseconds: 20 * Self.millis)
        }
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Self.millis))
        #expect(set.status(of: oldPrimary).role == .secondary)
        #expect(try Self.value("split0", in: set.store(of: oldPrimary)) == nil)
        // Writes through the client view go to the new primary.
        try await set.write(Self.row("after", "2"))
        await set.shutdown()
    }

    @Test func readYourWritesNeverReturnsAnOlderStateThanTheSessionsLastWrite() async throws {
        let set = try await Self.makeSet(.asynchronous, nodeDelay: .uniform(minNanos: 1 * Self.millis, maxNanos: 8 * Self.millis), clientDelay: .constant(nanos: 50_000))
        var session = SessionToken()
        var fellBack = 0
        for round in 0..<30 {
            try await set.write(Self.row("profile", "v\(round)"), session: &session)
            let wait: UInt64 = round.isMultiple(of: 2) ? 0 : 30 * Self.millis
            let read = try await set.read(table: "t", key: "profile", session: session, policy: .readYourWrites(.roundRobin, maxWaitNanos: wait))
            #expect(read.value.map { String(decoding: $0, as: UTF8.self) } == "v\(round)")
            let token = try #require(session.lastWrite)
            #expect(read.servedPosition >= token.position)
            if read.fellBackToPrimary { fellBack += 1 }
        }
        let statistics = set.statistics()
        #expect(statistics.staleReads == 0, "only this session writes, so a caught-up read is never stale")
        #expect(fellBack > 0, "reads that could not wait went to the primary")
        #expect(statistics.readsServedByReplica.enumerated().contains { $0.offset != set.primary?.rawValue && $0.element > 0 }, "caught-up secondaries served some reads")
        await set.shutdown()
    }

    @Test func anyReplicaReadsCanBeStaleAndAreCounted() async throws {
        let set = try await Self.makeSet(.asynchronous, nodeDelay: .constant(nanos: 10 * Self.millis), clientDelay: .constant(nanos: 50_000))
        var staleSeen = 0
        var reads = 0
        for round in 0..<15 {
            try await set.write(Self.row("counter", "\(round)"))
            for _ in 0..<3 {
                let read = try await Self.readRetryingUnreachable(set, policy: .anyReplica(.roundRobin))
                reads += 1
                let value = read.value.map { String(decoding: $0, as: UTF8.self) }
                if read.wasStale {
                    staleSeen += 1
                } else {
                    #expect(value == "\(round)", "a read not flagged stale must see the latest commit")
                }
            }
        }
        let statistics = set.statistics()
        #expect(staleSeen > 0)
        #expect(statistics.staleReads == UInt64(staleSeen))
        #expect(statistics.readsServed == UInt64(reads))
        // The primary alone is never stale.
        for _ in 0..<5 {
            try await set.write(Self.row("counter", "x"))
            #expect(try await set.read(table: "t", key: "counter", policy: .primaryOnly).wasStale == false)
        }
        await set.shutdown()
    }

    @Test func scansReturnRowsByKeyPrefix() async throws {
        let set = try await Self.makeSet(.synchronous)
        for key in ["user:1:a", "user:1:b", "user:2:a", "user:10:a"] { try await set.write(Self.row(key, key)) }
        let read = try await set.scan(table: "t", keyPrefix: "user:1:", limit: 10)
        #expect(read.value.map(\.key) == ["user:1:a", "user:1:b"])
        await set.shutdown()
    }

    @Test func aSetDroppedWithoutShutdownStopsItsTimers() async throws {
        var set: ReplicaSet<SQLiteReplicaStore>? = try await Self.makeSet(.asynchronous)
        weak let weakSet = set
        set = nil
        let deadline = MonotonicClock.nowNanos() + 3_000 * Self.millis
        while weakSet != nil, MonotonicClock.nowNanos() < deadline { try await Task.sleep(nanoseconds: 5 * Self.millis) }
        #expect(weakSet == nil, "the timer task must not keep the set alive")
    }

    @Test func configurationIsValidated() throws {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4))
        #expect(throws: ReplicationError.self) {
            _ = try ReplicaSet.inMemory(configuration: ReplicaSetConfiguration(replicaCount: 3, leaseNanos: 200_000_000), network: network)
        }
        #expect(throws: ReplicationError.self) {
            _ = try ReplicaSet.inMemory(configuration: ReplicaSetConfiguration(replicaCount: 3, statusPollIntervalNanos: 150_000_000), network: network)
        }
    }
}
