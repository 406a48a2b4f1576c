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

/// Bug: a TTL of zero or less is taken as "the shortest hold" instead of being refused.
struct AcceptsZeroTTLService: BookingServiceDecorator {
    let base: ShardedBookingService

    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        try await base.hold(event: event, seats: seats, user: user, ttl: max(ttl, .nanoseconds(1)))
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
