import BookingExercise
import ExerciseKit
import ScaleCore

/// A learner's first design, right while clients take turns: a hold reads the seats in one call and
/// writes the hold in the next; a confirm reads the hold, then sells its seats, without a condition
/// on either write. Two buyers who both saw a seat free both get it. The control of the sequential checks.
struct CheckThenActBookingService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        let ttlNanos = try BookingLimits.ttlNanos(ttl)
        _ = try BookingLimits.section(of: seats)
        let nowNanos = BuggySQL.nowNanos()
        let states = try await cluster.read(BuggySQL.key(event)) { connection in try seats.map { try BuggySQL.seatState($0, event: event, on: connection) } }
        for (seat, state) in zip(seats, states) {
            guard let state else {
                _ = try await base.availability(event: event)
                throw BookingError(.unknownSeat, "no seat \(seat)")
            }
            guard state.status == 0 || (state.status == 1 && state.expiresAt <= Int64(nowNanos)) else { throw BookingError(.seatTaken, "\(seat) is taken") }
        }
        let hold = Hold(id: BuggySQL.newID(), event: event, seats: seats.sorted(), user: user, expiresAtNanos: nowNanos + ttlNanos)
        try await cluster.write(BuggySQL.key(event)) { try BuggySQL.writeHold(hold, on: $0) }
        return hold
    }

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        let stored = try await cluster.read(BuggySQL.key(hold.event)) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, stored.user == hold.user, stored.seats == BuggySQL.seatsText(hold) else { throw BookingError(.unknownHold, "no \(hold)") }
        switch stored.status {
        case 1:
            guard stored.key == idempotencyKey else { throw BookingError(.alreadyConfirmed, "confirmed under another key") }
            return Booking(id: BookingSchema.id(stored.booking), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        case 0: break
        default: throw BookingError(.unknownHold, "released")
        }
        guard stored.expiresAt > Int64(BuggySQL.nowNanos()) else { throw BookingError(.holdExpired, "expired") }
        let booking = Booking(id: BuggySQL.newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        try await cluster.write(BuggySQL.key(hold.event)) { try BuggySQL.writeBooking(booking, holdID: hold.id, key: idempotencyKey, on: $0) }
        return booking
    }
}
