import BookingExercise
import ExerciseKit
import ScaleCore

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
