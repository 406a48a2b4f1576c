import BookingExercise
import ExerciseKit
import ScaleCore

/// Bug: a hold claims only seats that were never held (`WHERE status = 0`): an expired hold keeps its seats forever.
struct HoldsNeverExpireService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        let ttlNanos = try BookingLimits.ttlNanos(ttl)
        _ = try BookingLimits.section(of: seats)
        let hold = Hold(id: BuggySQL.newID(), event: event, seats: seats.sorted(), user: user, expiresAtNanos: BuggySQL.nowNanos() + ttlNanos)
        try await cluster.write(BuggySQL.key(event)) { connection in
            for seat in hold.seats {
                let claimed = try connection.run(
                    "UPDATE seats SET status = 1, hold_id = ?, expires_at = ? WHERE event_id = ? AND section = ? AND seat_row = ? AND number = ? AND status = 0",
                    BuggySQL.sql(hold.id), Int64(hold.expiresAtNanos), BuggySQL.sql(event), seat.section, seat.row, seat.number
                )
                guard claimed == 1 else {
                    let exists = try BuggySQL.seatState(seat, event: event, on: connection) != nil
                    throw BookingError(exists ? .seatTaken : .unknownSeat, "\(seat)")
                }
            }
            try connection.run(
                "INSERT INTO holds(hold_id, event_id, section, user_id, seats, expires_at, status) VALUES (?, ?, ?, ?, ?, ?, 0)",
                BuggySQL.sql(hold.id), BuggySQL.sql(event), hold.seats[0].section, BuggySQL.sql(user), BookingSchema.encodeSeats(hold.seats), Int64(hold.expiresAtNanos)
            )
        }
        return hold
    }
}

/// Bug: cancel marks the booking cancelled and leaves its seats sold.
struct CancelKeepsSeatsService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func cancel(_ booking: Booking) async throws {
        try await cluster.write(BuggySQL.key(booking.event)) { connection in
            guard try connection.run("UPDATE bookings SET status = 1 WHERE booking_id = ? AND status = 0", BuggySQL.sql(booking.id)) == 1 else {
                let exists = try connection.queryOne("SELECT 1 FROM bookings WHERE booking_id = ?", BuggySQL.sql(booking.id)) { _ in true } != nil
                throw BookingError(exists ? .alreadyCancelled : .unknownBooking, "\(booking)")
            }
        }
    }
}

/// Bug: every confirm books again: the hold's status and the idempotency key are never looked at.
struct RebookingConfirmService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        let stored = try await cluster.read(BuggySQL.key(hold.event)) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, stored.user == hold.user else { throw BookingError(.unknownHold, "no \(hold)") }
        guard stored.expiresAt > Int64(BuggySQL.nowNanos()) else { throw BookingError(.holdExpired, "expired") }
        let booking = Booking(id: BuggySQL.newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        try await cluster.write(BuggySQL.key(hold.event)) { try BuggySQL.writeBooking(booking, holdID: hold.id, key: idempotencyKey, on: $0) }
        return booking
    }
}

/// Bug: confirm checks only that a hold with that id is active, then books the seats and user the
/// caller's `Hold` value names: a client can book seats it never held, or for someone else.
struct TrustingConfirmService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        let stored = try await cluster.read(BuggySQL.key(hold.event)) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, stored.status == 0 else { throw BookingError(.unknownHold, "no active \(hold)") }
        guard stored.expiresAt > Int64(BuggySQL.nowNanos()) else { throw BookingError(.holdExpired, "expired") }
        let booking = Booking(id: BuggySQL.newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        try await cluster.write(BuggySQL.key(hold.event)) { try BuggySQL.writeBooking(booking, holdID: hold.id, key: idempotencyKey, on: $0) }
        return booking
    }
}

/// Bug: a trip books its legs one after another and, when one fails, just throws: the legs
/// booked before it stay booked.
struct NoCompensationTripService: BookingServiceDecorator {
    let base: ShardedBookingService

    func bookTrip(_ legs: [TripLeg], user: UInt64) async throws -> [Booking] {
        try BookingLimits.validateTrip(legs)
        var bookings: [Booking] = []
        for (index, leg) in legs.enumerated() {
            let hold = try await base.hold(event: leg.event, seats: leg.seats, user: user, ttl: .seconds(60))
            bookings.append(try await base.confirm(hold, idempotencyKey: "trip-\(hold.id)-\(index)"))
        }
        return bookings
    }
}

/// Bug: a TTL of zero or less is taken as "the shortest hold" instead of being refused.
struct AcceptsZeroTTLService: BookingServiceDecorator {
    let base: ShardedBookingService

    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        try await base.hold(event: event, seats: seats, user: user, ttl: max(ttl, .nanoseconds(1)))
    }
}

/// Bug: confirm commits the booking on the shard's current primary node alone and acknowledges it:
/// durable on one disk, never shipped to the replicas, so a failover loses it.
struct PrimaryLocalBookingService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        let stored = try await cluster.read(BuggySQL.key(hold.event), reads: .primary) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, stored.user == hold.user, stored.status == 0 else { throw BookingError(.unknownHold, "no active \(hold)") }
        let booking = Booking(id: BuggySQL.newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        let primary = try cluster.faults.primary(of: cluster.shardMap().route(for: BuggySQL.key(hold.event)).writeShard)
        try await cluster.call(primary) { node in try node.write { try BuggySQL.writeBooking(booking, holdID: hold.id, key: idempotencyKey, on: $0) } }
        return booking
    }
}

/// Bug: the service instance remembers which holds it granted and confirms only those: right for
/// one app server that never restarts; a second instance refuses every hold the first granted.
struct HoldsInMemoryService: BookingServiceDecorator {
    let base: ShardedBookingService
    private let granted = Locked<Set<UInt64>>([])

    init(base: ShardedBookingService) {
        self.base = base
    }

    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        let hold = try await base.hold(event: event, seats: seats, user: user, ttl: ttl)
        granted.withLock { _ = $0.insert(hold.id) }
        return hold
    }

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        guard granted.withLock({ $0.contains(hold.id) }) else { throw BookingError(.unknownHold, "this server granted no \(hold)") }
        return try await base.confirm(hold, idempotencyKey: idempotencyKey)
    }
}

/// Bug: availability counts held seats as free (only sold seats are taken).
struct HeldCountsAsFreeService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func availability(event: UInt64) async throws -> Availability {
        let counted = try await cluster.read(BuggySQL.key(event)) { connection -> (Int, [Int: Int])? in
            guard let sections = try connection.queryOne("SELECT section_count FROM events WHERE event_id = ?", BuggySQL.sql(event), row: { Int($0.int64(at: 0)) }) else { return nil }
            var free: [Int: Int] = [:]
            try connection.forEachRow("SELECT section, count(*) FROM seats WHERE event_id = ? AND status != 2 GROUP BY section", BuggySQL.sql(event)) { row in
                free[Int(row.int64(at: 0))] = Int(row.int64(at: 1))
            }
            return (sections, free)
        }
        guard let (sections, free) = counted else { throw BookingError(.unknownEvent, "no event \(event)") }
        return Availability(event: event, freeBySection: (0..<sections).map { free[$0] ?? 0 })
    }
}
