import BookingExercise
import ExerciseKit
import ScaleCore

/// The SQL the buggy designs share, on the reference's tables and its one-shard placement (an
/// event's rows on the shard of `PartitionKey(event)`), so the reference's other methods still work.
enum BuggySQL {
    static func key(_ event: UInt64) -> PartitionKey { PartitionKey(event) }

    static func sql(_ id: UInt64) -> Int64 { BookingSchema.sql(id) }

    /// Status and expiry of `seat`, or nil when the event has no such seat.
    static func seatState(_ seat: Seat, event: UInt64, on connection: SQLiteConnection) throws -> (status: Int64, expiresAt: Int64)? {
        try connection.queryOne(
            "SELECT status, expires_at FROM seats WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ?",
            sql(event), seat.section, seat.row, seat.number
        ) { ($0.int64(at: 0), $0.int64(at: 1)) }
    }

    /// Marks `hold`'s seats held and stores it, without looking at what the seats were.
    static func writeHold(_ hold: Hold, on connection: SQLiteConnection) throws {
        for seat in hold.seats {
            try connection.run(
                "UPDATE seats SET status = 1, hold_id = ?, expires_at = ? WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ?",
                sql(hold.id), Int64(hold.expiresAtNanos), sql(hold.event), seat.section, seat.row, seat.number
            )
        }
        try connection.run(
            "INSERT INTO holds(hold_id, event_id, section, user_id, seats, expires_at, status) VALUES (?, ?, ?, ?, ?, ?, 0)",
            sql(hold.id), sql(hold.event), hold.seats[0].section, sql(hold.user), BookingSchema.encodeSeats(hold.seats), Int64(hold.expiresAtNanos)
        )
    }

    /// The stored hold with `id`: (user, section and seats as text, expiry, status, booking id, key).
    static func storedHold(_ id: UInt64, on connection: SQLiteConnection) throws -> (user: UInt64, seats: String, expiresAt: Int64, status: Int64, booking: Int64, key: String)? {
        try connection.queryOne("SELECT user_id, section || ':' || seats, expires_at, status, booking_id, idempotency_key FROM holds WHERE hold_id = ?", sql(id)) {
            (BookingSchema.id($0.int64(at: 0)), $0.string(at: 1), $0.int64(at: 2), $0.int64(at: 3), $0.int64(at: 4), $0.string(at: 5))
        }
    }

    /// `storedHold`'s seats text for `hold`.
    static func seatsText(_ hold: Hold) -> String { "\(hold.seats.first?.section ?? -1):\(BookingSchema.encodeSeats(hold.seats))" }

    /// Sells `seats` of `event` to booking `bookingID` and records the booking and the confirmed hold,
    /// without checking who holds the seats.
    static func writeBooking(_ booking: Booking, holdID: UInt64, key: String, on connection: SQLiteConnection) throws {
        for seat in booking.seats {
            try connection.run(
                "UPDATE seats SET status = 2, booking_id = ? WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ?",
                sql(booking.id), sql(booking.event), seat.section, seat.row, seat.number
            )
        }
        try connection.run(
            "INSERT INTO bookings(booking_id, event_id, section, user_id, seats, hold_id, status) VALUES (?, ?, ?, ?, ?, ?, 0)",
            sql(booking.id), sql(booking.event), booking.seats[0].section, sql(booking.user), BookingSchema.encodeSeats(booking.seats), sql(holdID)
        )
        try connection.run("UPDATE holds SET status = 1, booking_id = ?, idempotency_key = ? WHERE hold_id = ?", sql(booking.id), key, sql(holdID))
    }

    /// Reads hold `hold.id`; unless it exists, is unexpired and `admits` it, refuses; else books
    /// `hold` as presented (its seats and user, whatever the stored hold says), unconditionally.
    static func bookAsPresented(
        _ hold: Hold, key: String, cluster: Cluster, admits: @escaping @Sendable ((user: UInt64, seats: String, expiresAt: Int64, status: Int64, booking: Int64, key: String)) -> Bool
    ) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(key)
        let stored = try await cluster.read(BuggySQL.key(hold.event)) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, admits(stored) else { throw BookingError(.unknownHold, "no \(hold)") }
        guard stored.expiresAt > Int64(nowNanos()) else { throw BookingError(.holdExpired, "expired") }
        let booking = Booking(id: newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        try await cluster.write(BuggySQL.key(hold.event)) { try writeBooking(booking, holdID: hold.id, key: key, on: $0) }
        return booking
    }

    static func newID() -> UInt64 { UInt64.random(in: 1...UInt64(Int64.max)) }

    static func nowNanos() -> UInt64 { MonotonicClock.nowNanos() }
}
