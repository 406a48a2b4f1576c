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

    static let cancelFreesSeat = Check<any BookingService>(
        "cancel-frees-seat",
        "a confirmed booking takes its seats (availability drops, others are refused them, bookings(user) lists it); cancelling it frees them at once, and a second cancel is refused"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        for id in UInt64(201)...UInt64(204) {
            try await service.createEvent(event(id))
            let seats = [seat(1, 0, 1), seat(1, 0, 2)]
            let hold = try await history.record(client: 0, "hold", "event \(id), \(seats), user 1") { try await service.hold(event: id, seats: seats, user: 1, ttl: longTTL) }
            let booking = try await history.record(client: 0, "confirm", "\(hold)") { try await service.confirm(hold, idempotencyKey: "c\(id)") }
            try context.require(booking.event == id && booking.seats == seats.sorted() && booking.user == 1, "confirming \(hold) returned \(booking)")
            try await context.requireFree(service, event: id, [8, 6], "after booking 2 seats of section 1")
            let listed = try await history.record(client: 0, "bookings", "user 1") { try await service.bookings(user: 1) }
            try context.require(listed.contains(booking), "bookings(user 1) lacks \(booking): \(listed)")
            try await context.expectRefusal(.seatTaken, "user 2 holding a seat of \(booking)") {
                try await history.record(client: 1, "hold", "event \(id), \(seats[0]), user 2") { try await service.hold(event: id, seats: [seats[0]], user: 2, ttl: longTTL) }
            }
            try await history.record(client: 0, "cancel", "\(booking)") { try await service.cancel(booking) }
            try await context.requireFree(service, event: id, [8, 8], "after cancelling \(booking)")
            let after = try await service.bookings(user: 1)
            try context.require(!after.contains { $0.id == booking.id }, "bookings(user 1) still lists cancelled \(booking)")
            let again = try await history.record(client: 1, "hold", "event \(id), \(seats), user 2") {
                try await service.hold(event: id, seats: seats, user: 2, ttl: longTTL)
            }
            try context.require(again.seats == seats.sorted(), "user 2's hold of the freed seats returned \(again)")
            try await context.expectRefusal(.alreadyCancelled, "cancelling \(booking) a second time") { try await service.cancel(booking) }
        }
    }

    static let expiredHoldFreesSeats = Check<any BookingService>(
        "expired-hold-frees-seats",
        "a hold not confirmed within its TTL (30 ms) frees its seats: availability counts them free, another user can hold them, and confirming the expired hold is refused holdExpired"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        try await service.createEvent(event(301))
        let seats = [seat(0, 1, 0), seat(0, 1, 1)]
        let lapsed = try await history.record(client: 0, "hold", "event 301, \(seats), user 1, ttl 30 ms") {
            try await service.hold(event: 301, seats: seats, user: 1, ttl: .milliseconds(30))
        }
        let kept = try await service.hold(event: 301, seats: [seat(1, 0, 0)], user: 3, ttl: .milliseconds(30))
        // Past the TTL whatever the machine's speed: the check only ever waits longer.
        try await Task.sleep(nanoseconds: 80_000_000)
        try await context.requireFree(service, event: 301, [8, 8], "80 ms after two holds with a 30 ms TTL")
        let taker = try await history.record(client: 1, "hold", "event 301, \(seats), user 2") {
            try await service.hold(event: 301, seats: seats, user: 2, ttl: longTTL)
        }
        try await context.expectRefusal(.holdExpired, "confirming \(lapsed) after its TTL, its seats now held by user 2") {
            try await history.record(client: 0, "confirm", "\(lapsed)") { try await service.confirm(lapsed, idempotencyKey: "late") }
        }
        try await context.expectRefusal(.holdExpired, "confirming \(kept) after its TTL (its seat untouched since)") {
            try await history.record(client: 0, "confirm", "\(kept)") { try await service.confirm(kept, idempotencyKey: "late2") }
        }
        let booking = try await history.record(client: 1, "confirm", "\(taker)") { try await service.confirm(taker, idempotencyKey: "taker") }
        try context.require(booking.user == 2 && booking.seats == seats.sorted(), "user 2's confirm returned \(booking)")
        let first = try await service.bookings(user: 1)
        try context.require(first.isEmpty, "user 1's hold expired, yet bookings(user 1) lists \(first)")
        try await context.requireFree(service, event: 301, [6, 8], "after user 2 booked the 2 seats user 1's hold had")
    }

    static let idempotentConfirm = Check<any BookingService>(
        "idempotent-confirm",
        "confirming one hold twice with one idempotency key books once and returns the same booking, also when both confirms run at once over jittery links; another key is refused alreadyConfirmed"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any BookingService>.jitteryNetwork)
        let history = context.history
        try await service.createEvent(event(401, sections: 1, rows: 4, perRow: 8))
        for round in 0..<8 {
            let seats = [seat(0, round % 4, round / 4 * 2), seat(0, round % 4, round / 4 * 2 + 1)]
            let user = UInt64(10 + round)
            let hold = try await service.hold(event: 401, seats: seats, user: user, ttl: longTTL)
            let key = "pay-\(round)"
            let first: Booking
            let second: Booking
            if round % 2 == 0 {
                first = try await history.record(client: 0, "confirm", "\(hold), key \(key)") { try await service.confirm(hold, idempotencyKey: key) }
                second = try await history.record(client: 0, "confirm", "\(hold), key \(key) (a retry)") { try await service.confirm(hold, idempotencyKey: key) }
            } else {
                async let a = history.record(client: 1, "confirm", "\(hold), key \(key)") { try await service.confirm(hold, idempotencyKey: key) }
                async let b = history.record(client: 2, "confirm", "\(hold), key \(key) (at once)") { try await service.confirm(hold, idempotencyKey: key) }
                (first, second) = try await (a, b)
            }
            try context.require(first == second, "two confirms of \(hold) with key \(key) returned \(first) and \(second); a retry must return the same booking")
            let listed = try await history.record(client: 0, "bookings", "user \(user)") { try await service.bookings(user: user) }
            try context.require(listed == [first], "after confirming \(hold) twice with one key, bookings(user \(user)) is \(listed); expected exactly [\(first)]")
            try await context.expectRefusal(.alreadyConfirmed, "confirming \(hold) again with another key") {
                try await history.record(client: 0, "confirm", "\(hold), key other-\(round)") { try await service.confirm(hold, idempotencyKey: "other-\(round)") }
            }
        }
    }

    static let bookingOnlyForHeldSeats = Check<any BookingService>(
        "booking-only-for-held-seats",
        "a booking is only ever for the seats and user of a hold the service granted: a hold presented with other seats or another user is refused unknownHold and books nothing"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        try await service.createEvent(event(501))
        for round in 0..<4 {
            let held = [seat(0, round / 2, round % 2 * 2)]
            let hold = try await history.record(client: 0, "hold", "event 501, \(held), user 1") { try await service.hold(event: 501, seats: held, user: 1, ttl: longTTL) }
            var otherSeats = hold
            otherSeats.seats = [seat(1, round / 2, round % 2 * 2)]
            let swapped = otherSeats
            try await context.expectRefusal(.unknownHold, "confirming \(hold) presented with seats \(swapped.seats) it never held") {
                try await history.record(client: 0, "confirm", "\(swapped)") { try await service.confirm(swapped, idempotencyKey: "swap\(round)") }
            }
            var otherUser = hold
            otherUser.user = 2
            let stolen = otherUser
            try await context.expectRefusal(.unknownHold, "user 2 confirming user 1's \(hold)") {
                try await history.record(client: 1, "confirm", "\(stolen)") { try await service.confirm(stolen, idempotencyKey: "steal\(round)") }
            }
            let booking = try await history.record(client: 0, "confirm", "\(hold)") { try await service.confirm(hold, idempotencyKey: "own\(round)") }
            try context.require(booking.seats == held && booking.user == 1 && booking.event == 501, "confirming \(hold) returned \(booking)")
        }
        let thief = try await service.bookings(user: 2)
        try context.require(thief.isEmpty, "user 2 never held a seat, yet bookings(user 2) lists \(thief)")
        try await context.requireFree(service, event: 501, [4, 8], "after 4 holds of section 0 confirmed (and their tampered copies refused)")
    }

    static let failedTripLeavesNoLeg = Check<any BookingService>(
        "failed-trip-leaves-no-leg",
        "a trip over two events (two shards) whose second or first leg is taken fails with that leg's error and leaves nothing of the other leg: its seats free, no booking for the user; a trip that can be had books both legs"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        for pair in UInt64(0)..<4 {
            let (concert, parking) = (601 + pair * 10, 7_001 + pair * 7_919)
            try await service.createEvent(event(concert))
            try await service.createEvent(event(parking, sections: 1, rows: 1, perRow: 4))
            let taken = try await service.hold(event: parking, seats: [seat(0, 0, 0)], user: 99, ttl: longTTL)
            _ = try await service.confirm(taken, idempotencyKey: "lot\(pair)")
            let user = 10 + pair
            let failing = [TripLeg(event: concert, seats: [seat(0, 0, 0), seat(0, 0, 1)]), TripLeg(event: parking, seats: [seat(0, 0, 0)])]
            try await context.expectRefusal(.seatTaken, "a trip whose second leg (event \(parking) \(seat(0, 0, 0))) is sold") {
                try await history.record(client: 0, "bookTrip", "\(failing), user \(user)") { try await service.bookTrip(failing, user: user) }
            }
            try await context.requireFree(service, event: concert, [8, 8], "after a trip failed on its second leg")
            let reversed = [TripLeg(event: parking, seats: [seat(0, 0, 0)]), TripLeg(event: concert, seats: [seat(1, 1, 3)])]
            try await context.expectRefusal(.seatTaken, "a trip whose first leg (event \(parking) \(seat(0, 0, 0))) is sold") {
                try await history.record(client: 0, "bookTrip", "\(reversed), user \(user)") { try await service.bookTrip(reversed, user: user) }
            }
            try await context.requireFree(service, event: concert, [8, 8], "after a trip failed on its first leg")
            try await context.requireFree(service, event: parking, [3], "after two failed trips (one space sold before them)")
            let orphans = try await history.record(client: 0, "bookings", "user \(user)") { try await service.bookings(user: user) }
            try context.require(orphans.isEmpty, "trips of user \(user) failed, yet bookings(user \(user)) lists \(orphans): a leg stayed booked")
            let good = [TripLeg(event: concert, seats: [seat(1, 0, 0)]), TripLeg(event: parking, seats: [seat(0, 0, 1)])]
            let booked = try await history.record(client: 0, "bookTrip", "\(good), user \(user)") { try await service.bookTrip(good, user: user) }
            try context.require(booked.map(\.event) == [concert, parking] && booked.allSatisfy { $0.user == user }, "a trip that can be had returned \(booked)")
            let listed = try await service.bookings(user: user)
            try context.require(Set(listed) == Set(booked), "after booking a trip, bookings(user \(user)) is \(listed); expected \(booked)")
        }
    }
}
