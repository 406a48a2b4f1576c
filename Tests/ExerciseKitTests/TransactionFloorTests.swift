import ExerciseKit
import LoadGenerator
import Testing

/// A floor operation may be a transaction: a seat claim and its booking row commit together, and
/// a claim of a taken seat rolls back as contention.
@Suite struct TransactionFloorTests {
    static let spec = FloorSpec(
        schemaSQL: "CREATE TABLE seats (seat INTEGER PRIMARY KEY, status TEXT NOT NULL); CREATE TABLE bookings (id INTEGER PRIMARY KEY, seat INTEGER NOT NULL);",
        populateSQL: "INSERT INTO seats(seat, status) VALUES (?1, 'free')",
        operations: [
            "claim": .transaction([
                "UPDATE seats SET status = 'sold' WHERE seat = ?1 AND status = 'free'",
                "INSERT INTO bookings(id, seat) VALUES (?3, ?1)",
            ], abortingWhenFirstChangesNothing: true),
            "count": .statement("SELECT count(*) FROM bookings WHERE seat = ?1"),
        ],
        fallbackOperation: "claim"
    )

    @Test(arguments: [true, false])
    func aTakenSeatRollsBackAsContention(inMemory: Bool) async throws {
        let floor = try RawSQLiteFloor(
            spec: Self.spec, mix: OperationMix([.init(name: "claim", weight: 1), .init(name: "count", weight: 1)]),
            keyCount: 10, connectionCount: 2, inMemory: inMemory, valueSizeBytes: 0
        )
        defer { floor.close() }
        try await floor.perform(LoadOperation(kindIndex: 0, key: 3, valueSizeBytes: 0))
        await #expect(throws: FloorError.self) { try await floor.perform(LoadOperation(kindIndex: 0, key: 3, valueSizeBytes: 0)) }
        do {
            try await floor.perform(LoadOperation(kindIndex: 0, key: 3, valueSizeBytes: 0))
        } catch let error as FloorError {
            #expect(error.errorKindLabel == "contention")
        }
        // A second seat still claims: the rolled-back transaction left nothing open.
        try await floor.perform(LoadOperation(kindIndex: 0, key: 4, valueSizeBytes: 0))
        #expect(try floor.count("SELECT count(*) FROM bookings") == 2)
    }

    /// A hold and its confirm as two transactions in one operation: both commit; a taken seat
    /// stops the operation in the first, before the second begins.
    @Test(arguments: [true, false])
    func severalTransactionsCommitInTurn(inMemory: Bool) async throws {
        let spec = FloorSpec(
            schemaSQL: "CREATE TABLE seats (seat INTEGER PRIMARY KEY, status TEXT NOT NULL); CREATE TABLE holds (id INTEGER PRIMARY KEY, seat INTEGER NOT NULL); CREATE TABLE bookings (id INTEGER PRIMARY KEY, seat INTEGER NOT NULL);",
            populateSQL: "INSERT INTO seats(seat, status) VALUES (?1, 'free')",
            operations: [
                "book": .transactions([
                    ["UPDATE seats SET status = 'held' WHERE seat = ?1 AND status = 'free'", "INSERT INTO holds(id, seat) VALUES (?3, ?1)"],
                    ["UPDATE seats SET status = 'sold' WHERE seat = ?1 AND status = 'held'", "INSERT INTO bookings(id, seat) VALUES (?3, ?1)"],
                ], abortingWhenFirstChangesNothing: true),
            ],
            fallbackOperation: "book"
        )
        #expect(spec.operations["book"]?.transactionStarts == [2])
        #expect(spec.operations["book"]?.transactionRanges == [0..<2, 2..<4])
        let floor = try RawSQLiteFloor(spec: spec, mix: .single("book"), keyCount: 10, connectionCount: 2, inMemory: inMemory, valueSizeBytes: 0)
        defer { floor.close() }
        try await floor.perform(LoadOperation(kindIndex: 0, key: 5, valueSizeBytes: 0))
        await #expect(throws: FloorError.self) { try await floor.perform(LoadOperation(kindIndex: 0, key: 5, valueSizeBytes: 0)) }
        try await floor.perform(LoadOperation(kindIndex: 0, key: 6, valueSizeBytes: 0))
        #expect(try floor.count("SELECT count(*) FROM holds") == 2)
        #expect(try floor.count("SELECT count(*) FROM bookings") == 2)
        #expect(try floor.count("SELECT count(*) FROM seats WHERE status = 'sold'") == 2)
    }
}
