import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleReplication

/// A primary commits a replicated SQL write in the one transaction that ran it (no roll back and
/// re-apply): the rows land once, the inverse it keeps undoes them, and a deposed primary still
/// rolls back every write no one else has, whatever kind of row change it was.
@Suite(.serialized) struct ReplicationPrimaryCommitTests {
    typealias Changesets = ReplicationChangesetTests

    static func seatNode() throws -> StorageNode {
        let node = try StorageNode(name: "seats", options: .memory)
        try node.migrate(Changesets.schema)
        return node
    }

    static func seats(_ node: StorageNode) throws -> [String] {
        try node.read { connection in
            try connection.query("SELECT id, ifnull(holder, '-') FROM seats ORDER BY id") { "seat \($0.int64(at: 0)) \($0.string(at: 1))" }
        }
    }

    @Test func aRecordedWriteCommitsOnceAndItsInverseUndoesIt() throws {
        let node = try Self.seatNode()
        try node.write { try $0.run("INSERT INTO seats (id) VALUES (1)") }
        let before = node.counters()
        let (inserted, changeset, inverse) = try node.writeRecordingChanges { connection in
            try connection.run("INSERT INTO seats (id, holder) VALUES (2, 'ann')")
            return try connection.run("UPDATE seats SET holder = 'bob' WHERE id = 1")
        }
        #expect(inserted == 1)
        #expect(!changeset.isEmpty && !inverse.isEmpty)
        #expect(try Self.seats(node) == ["seat 1 bob", "seat 2 ann"], "committed, visible to readers")
        let after = node.counters()
        #expect(after.writes == before.writes + 1, "one transaction")
        #expect(after.rowsWritten == before.rowsWritten + 2)
        try node.write { try $0.apply(inverse) }
        #expect(try Self.seats(node) == ["seat 1 -"], "the inverse restores the rows the body found")
        let copy = try Self.seatNode()
        try copy.write { try $0.run("INSERT INTO seats (id) VALUES (1)") }
        try copy.write { try $0.apply(changeset) }
        #expect(try Self.seats(copy) == ["seat 1 bob", "seat 2 ann"], "the changeset reproduces the write on a copy")
    }

    @Test func aRecordedWriteThatChangesNothingRollsBackUncounted() throws {
        let node = try Self.seatNode()
        let before = node.counters()
        let (count, changeset, inverse) = try node.writeRecordingChanges { connection in
            try connection.queryOne("SELECT count(*) FROM seats") { $0.int64(at: 0) }
        }
        #expect(count == 0)
        #expect(changeset.isEmpty && inverse.isEmpty)
        let after = node.counters()
        #expect(after.writes == before.writes && after.failedWrites == before.failedWrites)
    }

    @Test func aRecordedWriteWhoseBodyThrowsWritesNothing() throws {
        let node = try Self.seatNode()
        try node.write { try $0.run("INSERT INTO seats (id) VALUES (1)") }
        let before = node.counters()
        #expect(throws: StorageError.self) {
            _ = try node.writeRecordingChanges { connection in
                try connection.run("INSERT INTO seats (id) VALUES (2)")
                try connection.run("INSERT INTO seats (id) VALUES (1)")
            }
        }
        #expect(try Self.seats(node) == ["seat 1 -"])
        #expect(node.counters().failedWrites == before.failedWrites + 1)
        #expect(node.counters().writes == before.writes)
    }

    @Test func thePrimaryTakesEachWriteInOneTransaction() async throws {
        let set = try await Changesets.makeSet(.synchronous)
        let primary = try #require(set.primary)
        let before = set.configuration.members.map { set.store(of: $0).node.counters().writes }
        _ = try await set.execute { connection in
            for seat in Int64(1)...3 { try connection.run("INSERT INTO seats (id) VALUES (?)", seat) }
        }
        #expect(try await set.execute(Changesets.claim(2, for: "ann")).value)
        _ = try await set.execute { try $0.run("DELETE FROM seats WHERE id = 3") }
        _ = try await set.execute { try $0.queryOne("SELECT count(*) FROM seats") { $0.int64(at: 0) } }
        #expect(await set.waitUntilConverged(timeoutNanos: 3_000 * Changesets.millis))
        for (index, replica) in set.configuration.members.enumerated() {
            #expect(try Changesets.dump(set, replica) == ["seat 1 -", "seat 2 ann", "booking 2 ann"], "\(replica)")
            let writes = set.store(of: replica).node.counters().writes - before[index]
            if replica == primary {
                // No undo-and-redo of its own entry: exactly the three writes that changed rows.
                #expect(writes == 3, "\(replica) (primary): one transaction per write that changed rows, none for the read-only body")
            } else {
                // A secondary's count follows how the entries reached it (one batch or several; a
                // run under the thread sanitizer counted 4), so only that it applied them.
                #expect(writes >= 1, "\(replica) applied nothing")
            }
        }
        await set.shutdown()
    }

    @Test func aDeposedPrimaryRollsBackInsertsUpdatesAndDeletesItCommitted() async throws {
        let (set, oldPrimary) = try await Changesets.deposePrimary { set, oldPrimary async throws in
            #expect(try await set.execute(Changesets.claim(1, for: "stranded")).value)
            _ = try await set.execute { try $0.run("DELETE FROM seats WHERE id = 2") }
            _ = try await set.execute { try $0.run("INSERT INTO seats (id, holder) VALUES (4, 'late')") }
            #expect(try Self.seats(set.store(of: oldPrimary).node) == ["seat 1 stranded", "seat 3 -", "seat 4 late"], "committed on the primary at once")
        }
        #expect(set.statistics().acknowledgedWritesLost == 3)
        set.bringUp(oldPrimary)
        #expect(await set.waitUntilConverged(timeoutNanos: 5_000 * Changesets.millis))
        for replica in set.configuration.members {
            #expect(try Changesets.dump(set, replica) == ["seat 1 -", "seat 2 -", "seat 3 -"], "\(replica)")
        }
        #expect(set.status(of: oldPrimary).role == .secondary)
        await set.shutdown()
    }
}
