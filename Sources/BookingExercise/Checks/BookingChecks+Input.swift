import ExerciseKit
import ScaleCore

extension BookingChecks {
    static let badInputRefused = Check<any BookingService>(
        "bad-input-refused",
        "bad input gets a typed BookingError, never a silent success: zero, negative or too long TTLs, empty, duplicate, mixed-section or unknown seats, unknown events, holds and bookings, a second cancel, empty keys, bad seat maps and trips; none of them leaves a trace"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let event = event(101)
        try await history.record(client: 0, "createEvent", "\(event)") { try await service.createEvent(event) }
        let big = Event(id: 102, name: "Big", sections: [Section(rowCount: 10, seatsPerRow: 10)])
        try await service.createEvent(big)
        func hold(_ seats: [Seat], event id: UInt64 = 101, ttl: Duration = longTTL) async throws -> Hold {
            try await history.record(client: 0, "hold", "event \(id), \(seats), ttl \(ttl)") { try await service.hold(event: id, seats: seats, user: 1, ttl: ttl) }
        }
        let one = [seat(0, 0, 0)]
        try await context.expectRefusal(.invalidTTL, "a hold with TTL 0") { try await hold(one, ttl: .zero) }
        try await context.expectRefusal(.invalidTTL, "a hold with TTL -1 s") { try await hold(one, ttl: .seconds(-1)) }
        try await context.expectRefusal(.invalidTTL, "a hold with a TTL of 2 days (the limit is \(BookingLimits.maxTTL))") { try await hold(one, ttl: .seconds(172_800)) }
        try await context.expectRefusal(.emptySeatList, "a hold of no seats") { try await hold([]) }
        try await context.expectRefusal(.duplicateSeat, "a hold naming one seat twice") { try await hold([seat(0, 0, 1), seat(0, 0, 1)]) }
        try await context.expectRefusal(.mixedSections, "a hold across sections 0 and 1") { try await hold([seat(0, 0, 0), seat(1, 0, 0)]) }
        try await context.expectRefusal(.unknownSeat, "a hold of row 9 (the section has rows 0-1)") { try await hold([seat(0, 9, 0)]) }
        try await context.expectRefusal(.unknownSeat, "a hold of seat number 4 (rows have seats 0-3)") { try await hold([seat(0, 0, 4)]) }
        try await context.expectRefusal(.unknownSeat, "a hold of seat number -1") { try await hold([seat(0, 0, -1)]) }
        try await context.expectRefusal(.unknownSeat, "a hold in section 5 (the event has sections 0-1)") { try await hold([seat(5, 0, 0)]) }
        try await context.expectRefusal(.unknownEvent, "a hold on event 999, which does not exist") { try await hold(one, event: 999) }
        let tooMany = (0..<(BookingLimits.maxSeatsPerHold + 1)).map { seat(0, $0 / 10, $0 % 10) }
        try await context.expectRefusal(.tooManySeats, "a hold of \(tooMany.count) seats") { try await hold(tooMany, event: 102) }
        let ghost = Hold(id: 4_242_424_242, event: 101, seats: one, user: 1, expiresAtNanos: 0)
        try await context.expectRefusal(.unknownHold, "confirming a hold nobody made") {
            try await history.record(client: 0, "confirm", "\(ghost)") { try await service.confirm(ghost, idempotencyKey: "k") }
        }
        let real = try await hold([seat(0, 1, 1)])
        try await context.expectRefusal(.invalidIdempotencyKey, "confirming with an empty idempotency key") {
            try await history.record(client: 0, "confirm", "\(real), key \"\"") { try await service.confirm(real, idempotencyKey: "") }
        }
        let booking = try await service.confirm(real, idempotencyKey: "real")
        let phantom = Booking(id: 4_242_424_243, event: 101, seats: one, user: 1)
        try await context.expectRefusal(.unknownBooking, "cancelling a booking nobody made") {
            try await history.record(client: 0, "cancel", "\(phantom)") { try await service.cancel(phantom) }
        }
        try await service.cancel(booking)
        try await context.expectRefusal(.alreadyCancelled, "cancelling \(booking) twice") {
            try await history.record(client: 0, "cancel", "\(booking)") { try await service.cancel(booking) }
        }
        try await context.expectRefusal(.eventExists, "creating event 101 twice") { try await service.createEvent(event) }
        try await context.expectRefusal(.invalidSeatMap, "an event with no sections") { try await service.createEvent(Event(id: 103, name: "Empty", sections: [])) }
        try await context.expectRefusal(.invalidSeatMap, "an event with a section of 0 rows") {
            try await service.createEvent(Event(id: 104, name: "Flat", sections: [Section(rowCount: 0, seatsPerRow: 4)]))
        }
        try await context.expectRefusal(.unknownEvent, "availability of event 999") { try await service.availability(event: 999) }
        try await context.expectRefusal(.invalidTrip, "a trip of no legs") { try await service.bookTrip([], user: 1) }
        try await context.expectRefusal(.invalidTrip, "a trip with two legs on event 101") {
            try await service.bookTrip([TripLeg(event: 101, seats: [seat(0, 0, 2)]), TripLeg(event: 101, seats: [seat(1, 0, 2)])], user: 1)
        }
        // Nothing refused left a trace: every seat free, no booking, refused events not created.
        try await context.requireFree(service, event: 101, [8, 8], "after only refused holds and a cancelled booking")
        let left = try await service.bookings(user: 1)
        try context.require(left.isEmpty, "user 1 made no booking that stands, yet bookings(user 1) lists \(left)")
        try await context.expectRefusal(.unknownEvent, "availability of event 103 (its creation was refused)") { try await service.availability(event: 103) }
    }
}
