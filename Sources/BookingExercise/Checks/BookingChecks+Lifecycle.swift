import ExerciseKit
import ScaleCore

extension BookingChecks {
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
}
