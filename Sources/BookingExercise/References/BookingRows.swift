import ScaleCore

/// The SQL every reference design shares, run inside one shard's transaction or read.
enum BookingRows {
    /// What a claim found for one seat.
    enum ClaimOutcome {
        case claimed, taken, missing
    }

    static let claimConditional = """
        UPDATE seats SET status = 1, hold_id = ?, expires_at = ?
        WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ? AND (status = 0 OR (status = 1 AND expires_at <= ?))
        """
    static let seatState = "SELECT status, expires_at FROM seats WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ?"
    static let claimUnconditional = "UPDATE seats SET status = 1, hold_id = ?, expires_at = ? WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ?"
    static let insertHold = "INSERT INTO holds(event_id, section, user_id, seats, expires_at, status) VALUES (?, ?, ?, ?, ?, 0)"
    static let selectHold = "SELECT event_id, section, user_id, seats, expires_at, status, booking_id, idempotency_key FROM holds WHERE hold_id = ?"
    static let sellSeat = """
        UPDATE seats SET status = 2, booking_id = ?
        WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ? AND status = 1 AND hold_id = ?
        """
    static let insertBooking = "INSERT INTO bookings(event_id, section, user_id, seats, hold_id, status) VALUES (?, ?, ?, ?, ?, 0)"
    static let selectBooking = "SELECT event_id, section, user_id, seats, status FROM bookings WHERE booking_id = ?"

    /// Inserts an event's catalogue row; false when the id exists.
    static func insertEvent(_ event: Event, on connection: SQLiteConnection) throws -> Bool {
        try connection.run(
            "INSERT INTO events(event_id, name, section_count) VALUES (?, ?, ?) ON CONFLICT(event_id) DO NOTHING",
            BookingSchema.sql(event.id), event.name, event.sections.count
        ) == 1
    }

    /// Inserts section `index` of `event` and all its seats, free (one statement for the seats).
    static func insertSection(_ index: Int, of event: Event, on connection: SQLiteConnection) throws {
        let section = event.sections[index]
        let id = BookingSchema.sql(event.id)
        try connection.run("INSERT INTO sections(event_id, section, row_count, seats_per_row) VALUES (?, ?, ?, ?)", id, index, section.rowCount, section.seatsPerRow)
        try connection.run("""
            WITH RECURSIVE r(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM r WHERE x + 1 < ?),
                           n(y) AS (SELECT 0 UNION ALL SELECT y + 1 FROM n WHERE y + 1 < ?)
            INSERT INTO seats(event_id, section, seat_row, number) SELECT ?, ?, x, y FROM r, n
            """, section.rowCount, section.seatsPerRow, id, index)
    }

    /// Claims `seat` for hold `holdID` if it is free (or its hold expired by `nowNanos`).
    static func claim(
        _ seat: Seat, event: UInt64, holdID: UInt64, expiresAtNanos: UInt64, nowNanos: UInt64, style: ClaimStyle, on connection: SQLiteConnection
    ) throws -> ClaimOutcome {
        let (id, hold, expires, now) = (BookingSchema.sql(event), BookingSchema.sql(holdID), Int64(expiresAtNanos), Int64(nowNanos))
        switch style {
        case .conditional:
            if try connection.run(claimConditional, hold, expires, id, seat.section, seat.row, seat.number, now) == 1 { return .claimed }
            return try connection.queryOne(seatState, id, seat.section, seat.row, seat.number) { _ in true } == nil ? .missing : .taken
        case .transaction:
            guard let (status, expiresAt) = try connection.queryOne(seatState, id, seat.section, seat.row, seat.number, row: { ($0.int64(at: 0), $0.int64(at: 1)) }) else {
                return .missing
            }
            guard status == BookingSchema.SeatStatus.free.rawValue || (status == BookingSchema.SeatStatus.held.rawValue && expiresAt <= now) else { return .taken }
            try connection.run(claimUnconditional, hold, expires, id, seat.section, seat.row, seat.number)
            return .claimed
        }
    }

    /// Stores a new hold (`seatsText`: `seats` encoded) and claims every seat of it, in the caller's transaction; returns it with
    /// its id (the row's, unique on this shard) or throws the refusal for the first seat that
    /// cannot be had (the transaction then rolls back whole). A missing seat of a section this
    /// shard does not have throws `SectionNotHere`.
    static func hold(
        event: UInt64, seats: [Seat], seatsText: String, user: UInt64, expiresAtNanos: UInt64, nowNanos: UInt64, style: ClaimStyle,
        on connection: SQLiteConnection
    ) throws -> Hold {
        let section = seats[0].section
        try connection.run(insertHold, BookingSchema.sql(event), section, BookingSchema.sql(user), seatsText, Int64(expiresAtNanos))
        let id = BookingSchema.id(connection.lastInsertRowID)
        for seat in seats {
            switch try claim(seat, event: event, holdID: id, expiresAtNanos: expiresAtNanos, nowNanos: nowNanos, style: style, on: connection) {
            case .claimed: continue
            case .taken: throw BookingError(.seatTaken, "seat \(seat) of event \(event) is held or sold")
            case .missing:
                guard try sectionExists(event: event, section: section, on: connection) else { throw SectionNotHere() }
                throw BookingError(.unknownSeat, "event \(event) has no seat \(seat)")
            }
        }
        return Hold(id: id, event: event, seats: seats, user: user, expiresAtNanos: expiresAtNanos)
    }

    /// Confirms `hold` (`seatsText`: its seats encoded) as a new booking in the caller's transaction; a replay with the same key
    /// returns the booking made first. The common case is one conditional UPDATE of the hold
    /// (active, unexpired, and exactly as presented); only when it changes nothing is the hold read
    /// to say why.
    static func confirm(_ hold: Hold, seatsText: String, idempotencyKey: String, nowNanos: UInt64, on connection: SQLiteConnection) throws -> Booking {
        let section = hold.seats[0].section
        let (event, holdID) = (BookingSchema.sql(hold.event), BookingSchema.sql(hold.id))
        try connection.run(insertBooking, event, section, BookingSchema.sql(hold.user), seatsText, holdID)
        let booking = connection.lastInsertRowID
        let confirmed = try connection.run(
            confirmActive, booking, idempotencyKey, holdID, Int64(nowNanos), event, section, BookingSchema.sql(hold.user), seatsText
        )
        // Nothing confirmed: the booking row is rolled back with the refusal, or dropped for a replay.
        guard confirmed == 1 else {
            try connection.run("DELETE FROM bookings WHERE booking_id = ?", booking)
            return try refuseOrReplay(hold, idempotencyKey: idempotencyKey, nowNanos: nowNanos, on: connection)
        }
        for seat in hold.seats {
            guard try connection.run(sellSeat, booking, event, seat.section, seat.row, seat.number, holdID) == 1 else {
                throw BookingError(.holdExpired, "seat \(seat) of hold #\(hold.id) is no longer held by it")
            }
        }
        return Booking(id: BookingSchema.id(booking), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
    }

    static let confirmActive = """
        UPDATE holds SET status = 1, booking_id = ?, idempotency_key = ?
        WHERE hold_id = ? AND status = 0 AND expires_at > ? AND event_id = ? AND section = ? AND user_id = ? AND seats = ?
        """

    /// Why `hold` cannot be confirmed now, or the booking a confirm with the same key made.
    private static func refuseOrReplay(_ hold: Hold, idempotencyKey: String, nowNanos: UInt64, on connection: SQLiteConnection) throws -> Booking {
        let stored = try connection.queryOne(selectHold, BookingSchema.sql(hold.id)) { row in
            (event: BookingSchema.id(row.int64(at: 0)), section: Int(row.int64(at: 1)), user: BookingSchema.id(row.int64(at: 2)),
             seats: row.string(at: 3), expiresAt: row.int64(at: 4), status: row.int64(at: 5), bookingID: row.int64(at: 6), key: row.string(at: 7))
        }
        guard let stored, stored.event == hold.event, stored.section == hold.seats[0].section, stored.user == hold.user,
              stored.seats == BookingSchema.encodeSeats(hold.seats) else {
            throw BookingError(.unknownHold, "no hold \(hold)")
        }
        switch BookingSchema.HoldStatus(rawValue: stored.status) {
        case .confirmed:
            guard stored.key == idempotencyKey else {
                throw BookingError(.alreadyConfirmed, "hold #\(hold.id) was confirmed under another idempotency key")
            }
            return Booking(id: BookingSchema.id(stored.bookingID), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        case .released, nil:
            throw BookingError(.unknownHold, "hold #\(hold.id) was released")
        case .active:
            throw BookingError(.holdExpired, "hold #\(hold.id) expired before its confirm")
        }
    }

    /// Cancels `booking` and frees its seats, in the caller's transaction.
    static func cancel(_ booking: Booking, on connection: SQLiteConnection) throws {
        let section = booking.seats[0].section
        let stored = try connection.queryOne(selectBooking, BookingSchema.sql(booking.id)) { row in
            (event: BookingSchema.id(row.int64(at: 0)), section: Int(row.int64(at: 1)), user: BookingSchema.id(row.int64(at: 2)),
             seats: row.string(at: 3), status: row.int64(at: 4))
        }
        guard let stored, stored.event == booking.event, stored.section == section, stored.user == booking.user,
              stored.seats == BookingSchema.encodeSeats(booking.seats) else {
            throw BookingError(.unknownBooking, "no booking \(booking)")
        }
        guard stored.status == BookingSchema.BookingStatus.confirmed.rawValue else {
            throw BookingError(.alreadyCancelled, "booking #\(booking.id) was cancelled already")
        }
        try connection.run(
            "UPDATE seats SET status = 0, hold_id = NULL, expires_at = NULL, booking_id = NULL WHERE event_id = ? AND section = ? AND booking_id = ?",
            BookingSchema.sql(booking.event), section, BookingSchema.sql(booking.id)
        )
        try connection.run("UPDATE bookings SET status = 1 WHERE booking_id = ?", BookingSchema.sql(booking.id))
    }

    /// Frees the seats `hold` still holds and marks it released (a failed trip's other legs).
    static func release(_ hold: Hold, on connection: SQLiteConnection) throws {
        try connection.run(
            "UPDATE seats SET status = 0, hold_id = NULL, expires_at = NULL WHERE event_id = ? AND section = ? AND hold_id = ? AND status = 1",
            BookingSchema.sql(hold.event), hold.seats[0].section, BookingSchema.sql(hold.id)
        )
        try connection.run("UPDATE holds SET status = 2 WHERE hold_id = ? AND status = 0", BookingSchema.sql(hold.id))
    }
}

/// A seat of a section this shard does not hold: in a split design the caller asks the event's
/// catalogue shard whether the event exists at all.
struct SectionNotHere: Error {}
