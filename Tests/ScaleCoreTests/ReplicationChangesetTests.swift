import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// SQL writes replicated as SQLite changesets: the primary runs the transaction, every replica
/// applies the rows it changed, a failed body writes nothing, failover keeps acknowledged rows.
@Suite(.serialized) struct ReplicationChangesetTests {
    static let millis: UInt64 = 1_000_000
    static let schema = SchemaMigrations(component: "seats", steps: [
        SchemaMigration(version: 1, name: "seats", sql: """
            CREATE TABLE seats (id INTEGER PRIMARY KEY, holder TEXT);
            CREATE TABLE bookings (seat INTEGER NOT NULL, holder TEXT NOT NULL, PRIMARY KEY (seat)) WITHOUT ROWID;
            """),
    ])

    static func makeSet(_ mode: ReplicationMode, failsOver: Bool = false) async throws -> ReplicaSet<SQLiteChangesetStore> {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4, delay: .constant(nanos: 200_000), clientDelay: .constant(nanos: 100_000), callTimeoutNanos: 100 * millis, seed: 3))
        var configuration = ReplicaSetConfiguration(replicaCount: 3, mode: mode)
        configuration.inSyncTimeoutNanos = 2_000 * millis
        if !failsOver {
            configuration.failureTimeoutNanos = 3_000 * millis
            configuration.leaseNanos = 2_000 * millis
        }
        var stores: [SQLiteChangesetStore] = []
        for index in 0..<3 {
            let node = try StorageNode(name: "seats\(index)", options: .memory)
            try node.migrate(schema)
            stores.append(try SQLiteChangesetStore(node: node))
        }
        let set = try ReplicaSet(configuration: configuration, network: network, replicaNetworkIDs: (0..<3).map { NodeID($0) }, coordinatorNetworkID: NodeID(3), stores: stores)
        try await set.start()
        return set
    }

    /// Every row of both tables on `replica`, as text, in key order.
    static func dump(_ set: ReplicaSet<SQLiteChangesetStore>, _ replica: ReplicaID) throws -> [String] {
        try set.store(of: replica).node.read { connection in
            try connection.query("SELECT id, ifnull(holder, '-') FROM seats ORDER BY id") { "seat \($0.int64(at: 0)) \($0.string(at: 1))" }
                + connection.query("SELECT seat, holder FROM bookings ORDER BY seat") { "booking \($0.int64(at: 0)) \($0.string(at: 1))" }
        }
    }

    /// Claims `seat` for `holder` if free: the conditional update exercises run, plus a booking row.
    static func claim(_ seat: Int64, for holder: String) -> @Sendable (SQLiteConnection) throws -> Bool {
        { connection in
            guard try connection.run("UPDATE seats SET holder = ? WHERE id = ? AND holder IS NULL", holder, seat) == 1 else { return false }
            try connection.run("INSERT INTO bookings (seat, holder) VALUES (?, ?)", seat, holder)
            return true
        }
    }

    /// Three free seats replicated to every node; then the primary is cut off from its
    /// secondaries, runs `strandedWrites` (acknowledged, async, by itself alone), is taken down,
    /// and waits (up to 5 s) until another node holds the office: it counts what it lost when it
    /// takes it. Returns the set with the old primary still down.
    static func deposePrimary(
        after strandedWrites: (ReplicaSet<SQLiteChangesetStore>, ReplicaID) async throws -> Void
    ) async throws -> (set: ReplicaSet<SQLiteChangesetStore>, oldPrimary: ReplicaID) {
        let set = try await makeSet(.asynchronous, failsOver: true)
        _ = try await set.execute { try $0.run("INSERT INTO seats (id) VALUES (1), (2), (3)") }
        #expect(await set.waitUntilConverged(timeoutNanos: 2_000 * millis))
        let oldPrimary = try #require(set.primary)
        let secondaries = set.configuration.members.filter { $0 != oldPrimary }.map { set.networkID(of: $0) }
        let cut = Partition.isolating(set.networkID(of: oldPrimary), from: secondaries)
        set.network.partition(cut)
        try await strandedWrites(set, oldPrimary)
        set.takeDown(oldPrimary)
        set.network.heal(cut)
        let deadline = MonotonicClock.nowNanos() + 5_000 * millis
        while MonotonicClock.nowNanos() < deadline {
            if let primary = set.primary, primary != oldPrimary, set.status(of: primary).role == .primary { break }
            try await Task.sleep(nanoseconds: 5 * millis)
        }
        return (set, oldPrimary)
    }

    @Test func everyReplicaAppliesTheRowsThePrimaryChanged() async throws {
        let set = try await Self.makeSet(.synchronous)
        _ = try await set.execute { connection in
            for seat in Int64(1)...5 { try connection.run("INSERT INTO seats (id) VALUES (?)", seat) }
        }
        #expect(try await set.execute(Self.claim(2, for: "ann")).value)
        #expect(try await set.execute(Self.claim(2, for: "bob")).value == false, "a taken seat stays taken")
        _ = try await set.execute { try $0.run("DELETE FROM seats WHERE id = 5") }
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Self.millis))
        let expected = ["seat 1 -", "seat 2 ann", "seat 3 -", "seat 4 -", "booking 2 ann"]
        for replica in set.configuration.members { #expect(try Self.dump(set, replica) == expected, "\(replica)") }
        await set.shutdown()
    }

    @Test func aBodyThatThrowsWritesNothingAndItsErrorComesBack() async throws {
        let set = try await Self.makeSet(.synchronous)
        _ = try await set.execute { try $0.run("INSERT INTO seats (id) VALUES (1)") }
        await #expect(throws: StorageError.self) {
            try await set.execute { connection in
                try connection.run("INSERT INTO seats (id) VALUES (2)")
                try connection.run("INSERT INTO seats (id) VALUES (1)")
            }
        }
        let unchanged = try await set.execute { connection in try connection.queryOne("SELECT count(*) FROM seats") { $0.int64(at: 0) } }
        #expect(unchanged.value == 1)
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Self.millis))
        for replica in set.configuration.members { #expect(try Self.dump(set, replica) == ["seat 1 -"]) }
        await set.shutdown()
    }

    @Test func synchronousFailoverKeepsEveryAcknowledgedClaim() async throws {
        let set = try await Self.makeSet(.synchronous, failsOver: true)
        _ = try await set.execute { connection in
            for seat in Int64(1)...200 { try connection.run("INSERT INTO seats (id) VALUES (?)", seat) }
        }
        let oldPrimary = try #require(set.primary)
        // Four clients claim seats one after another while the primary goes down.
        async let claims: [Int64] = withTaskGroup(of: [Int64].self) { group in
            for client in 0..<4 {
                group.addTask {
                    var acknowledged: [Int64] = []
                    for seat in stride(from: Int64(1 + client), through: 200, by: 4) {
                        if (try? await set.execute(from: .client(client), Self.claim(seat, for: "h\(seat)")))?.value == true { acknowledged.append(seat) }
                    }
                    return acknowledged
                }
            }
            var acknowledged: [Int64] = []
            for await seats in group { acknowledged += seats }
            return acknowledged
        }
        try await Task.sleep(nanoseconds: 20 * Self.millis)
        set.takeDown(oldPrimary)
        let acknowledged = await claims
        #expect(set.failovers.first?.oldPrimary == oldPrimary)
        #expect(!acknowledged.isEmpty)
        set.bringUp(oldPrimary)
        #expect(await set.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        for replica in set.configuration.members {
            let rows = Set(try Self.dump(set, replica))
            let missing = acknowledged.filter { !rows.contains("booking \($0) h\($0)") }
            #expect(missing.isEmpty, "\(replica) misses \(missing.count) acknowledged claims")
        }
        #expect(set.statistics().acknowledgedWritesLost == 0)
        await set.shutdown()
    }

    @Test func anOldPrimaryRollsBackChangesetsNoOneElseHas() async throws {
        let (set, oldPrimary) = try await Self.deposePrimary { set, _ async throws in
            #expect(try await set.execute(Self.claim(3, for: "stranded")).value)
        }
        #expect(set.statistics().acknowledgedWritesLost == 1)
        set.bringUp(oldPrimary)
        #expect(await set.waitUntilConverged(timeoutNanos: 5_000 * Self.millis))
        #expect(try Self.dump(set, oldPrimary) == ["seat 1 -", "seat 2 -", "seat 3 -"], "the inverse changeset undid the stranded claim")
        await set.shutdown()
    }

    @Test func aTableWithoutAPrimaryKeyIsRefused() throws {
        let node = try StorageNode(name: "unkeyed", options: .memory)
        try node.write { try $0.execute("CREATE TABLE log (line TEXT)") }
        #expect(throws: ReplicationError.self) { try SQLiteChangesetStore(node: node) }
    }
}
