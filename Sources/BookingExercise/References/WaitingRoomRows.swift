import ScaleCore

/// The SQL of the reference's virtual waiting room, run inside one transaction on the room's shard.
/// Tickets are handed out in order; whenever the room is touched it admits the longest waiting
/// while fewer than `admittedMax` are in, after dropping admissions older than the lease.
enum WaitingRoomRows {
    /// How many buyers a room lets in at once, and how long an admission lasts without a leave.
    struct Shape {
        var admittedMax: Int
        var leaseNanos: UInt64
    }

    static let nextTicket = """
        UPDATE waiting_rooms SET last_ticket = last_ticket + 1 WHERE event_id = ? RETURNING last_ticket, admitted_through
        """
    static let ticketOfUser = "SELECT ticket FROM waiting_room_tickets WHERE event_id = ? AND user_id = ?"
    static let insertTicket = "INSERT INTO waiting_room_tickets(event_id, ticket, user_id) VALUES (?, ?, ?)"
    static let dropLapsed = "DELETE FROM waiting_room_tickets WHERE event_id = ? AND admitted_at IS NOT NULL AND admitted_at <= ?"
    static let countAdmitted = "SELECT count(*) FROM waiting_room_tickets WHERE event_id = ? AND admitted_at IS NOT NULL"
    static let admitNext = """
        UPDATE waiting_room_tickets SET admitted_at = ?2 WHERE event_id = ?1 AND ticket IN (
            SELECT ticket FROM waiting_room_tickets
            WHERE event_id = ?1 AND ticket > (SELECT admitted_through FROM waiting_rooms WHERE event_id = ?1) AND admitted_at IS NULL
            ORDER BY ticket LIMIT ?3)
        """
    static let raiseAdmittedThrough = """
        UPDATE waiting_rooms SET admitted_through = max(admitted_through,
            (SELECT coalesce(max(ticket), 0) FROM waiting_room_tickets WHERE event_id = ?1 AND admitted_at IS NOT NULL))
        WHERE event_id = ?1
        """
    static let selectTicket = "SELECT admitted_at FROM waiting_room_tickets WHERE event_id = ? AND ticket = ? AND user_id = ?"
    static let selectRoom = "SELECT admitted_through, stay_nanos FROM waiting_rooms WHERE event_id = ?"
    static let countAhead = """
        SELECT count(*) FROM waiting_room_tickets WHERE event_id = ? AND ticket > ? AND ticket < ? AND admitted_at IS NULL
        """

    /// Opens `event`'s room, empty (with the event, so a ticket for an unknown event finds no room).
    static func createRoom(event: UInt64, on connection: SQLiteConnection) throws {
        try connection.run("INSERT INTO waiting_rooms(event_id, last_ticket) VALUES (?, 0) ON CONFLICT(event_id) DO NOTHING", BookingSchema.sql(event))
    }

    /// Hands `user` the next ticket of `event`'s room (or the one they hold already), admits whom
    /// the room has space for, and returns the ticket as it stands.
    static func enter(event: UInt64, user: UInt64, nowNanos: UInt64, shape: Shape, on connection: SQLiteConnection) throws -> WaitingRoomTicket {
        let id = BookingSchema.sql(event)
        // A retried entry (its reply lost to a timeout or a failover) keeps the buyer's place: one ticket per buyer.
        if let held = try connection.queryOne(ticketOfUser, id, BookingSchema.sql(user), row: { $0.int64(at: 0) }) {
            try admit(event: event, nowNanos: nowNanos, shape: shape, on: connection)
            return try status(WaitingRoomTicket(id: BookingSchema.id(held), event: event, user: user, position: 1, retryAfterNanos: 0), shape: shape, on: connection)
        }
        guard let (ticket, admittedThrough) = try connection.queryOne(nextTicket, id, row: { ($0.int64(at: 0), $0.int64(at: 1)) }) else {
            throw BookingError(.unknownEvent, "no event \(event) (or it has no waiting room)")
        }
        // Tickets past the highest admitted: those waiting, and any that gave up while waiting.
        guard ticket &- admittedThrough <= Int64(BookingLimits.waitingRoomCapacity) else {
            throw BookingError(.waitingRoomFull, "\(BookingLimits.waitingRoomCapacity) buyers are waiting for event \(event); try again later")
        }
        try connection.run(insertTicket, id, ticket, BookingSchema.sql(user))
        try admit(event: event, nowNanos: nowNanos, shape: shape, on: connection)
        return try status(WaitingRoomTicket(id: BookingSchema.id(ticket), event: event, user: user, position: 1, retryAfterNanos: 0), shape: shape, on: connection)
    }

    /// Drops lapsed admissions, then admits the longest waiting while the room has space.
    static func admit(event: UInt64, nowNanos: UInt64, shape: Shape, on connection: SQLiteConnection) throws {
        let id = BookingSchema.sql(event)
        if nowNanos > shape.leaseNanos { try connection.run(dropLapsed, id, Int64(nowNanos - shape.leaseNanos)) }
        let admitted = try connection.queryOne(countAdmitted, id) { Int($0.int64(at: 0)) } ?? 0
        guard admitted < shape.admittedMax else { return }
        if try connection.run(admitNext, id, Int64(nowNanos), shape.admittedMax - admitted) > 0 {
            try connection.run(raiseAdmittedThrough, id)
        }
    }

    /// `ticket` as the room has it: admitted, or its place in line and when to ask again.
    static func status(_ ticket: WaitingRoomTicket, shape: Shape, on connection: SQLiteConnection) throws -> WaitingRoomTicket {
        let id = BookingSchema.sql(ticket.event)
        guard let admittedAt = try connection.queryOne(selectTicket, id, BookingSchema.sql(ticket.id), BookingSchema.sql(ticket.user), row: { $0.isNull(at: 0) ? nil : $0.int64(at: 0) }) else {
            throw BookingError(.unknownTicket, "no \(ticket) in the waiting room (it left, or its admission lapsed)")
        }
        var current = ticket
        guard admittedAt == nil else {
            current.position = 0
            current.retryAfterNanos = 0
            return current
        }
        let (admittedThrough, stayNanos) = try connection.queryOne(selectRoom, id) { ($0.int64(at: 0), $0.int64(at: 1)) } ?? (0, 0)
        let ahead = try connection.queryOne(countAhead, id, admittedThrough, BookingSchema.sql(ticket.id)) { Int($0.int64(at: 0)) } ?? 0
        current.position = ahead + 1
        current.retryAfterNanos = retryAfterNanos(position: current.position, stayNanos: UInt64(max(0, stayNanos)), admittedMax: shape.admittedMax)
        return current
    }

    /// Ends `ticket`'s stay (a no-op when it is gone already); an admitted one's place goes to the next in line.
    static func leave(_ ticket: WaitingRoomTicket, nowNanos: UInt64, shape: Shape, on connection: SQLiteConnection) throws {
        let id = BookingSchema.sql(ticket.event)
        guard let admittedAt = try connection.queryOne(selectTicket, id, BookingSchema.sql(ticket.id), BookingSchema.sql(ticket.user), row: { $0.isNull(at: 0) ? nil : $0.int64(at: 0) }) else {
            return
        }
        try connection.run("DELETE FROM waiting_room_tickets WHERE event_id = ? AND ticket = ?", id, BookingSchema.sql(ticket.id))
        guard let admittedAt else { return }
        // How long admitted buyers stay, smoothed: what the room's retry hints are made of.
        let stayed = max(0, Int64(bitPattern: nowNanos) &- admittedAt)
        try connection.run(
            "UPDATE waiting_rooms SET stay_nanos = CASE WHEN stay_nanos = 0 THEN ?2 ELSE (stay_nanos * 7 + ?2) / 8 END WHERE event_id = ?1", id, stayed
        )
        try admit(event: ticket.event, nowNanos: nowNanos, shape: shape, on: connection)
    }

    /// When a buyer at `position` should ask again: three quarters of the expected wait (places
    /// ahead × how long a buyer stays ÷ buyers let in at once), between 50 µs and 1 s, so a line
    /// of hundreds polls a few times each rather than hundreds.
    static func retryAfterNanos(position: Int, stayNanos: UInt64, admittedMax: Int) -> UInt64 {
        let perPlaceNanos = stayNanos == 0 ? 200_000 : stayNanos / UInt64(max(1, admittedMax))
        let expected = UInt64(position).multipliedReportingOverflow(by: perPlaceNanos)
        let hint = expected.overflow ? UInt64.max : expected.partialValue / 4 * 3
        return min(1_000_000_000, max(50_000, hint))
    }
}
