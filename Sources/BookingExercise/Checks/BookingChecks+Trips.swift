import ExerciseKit
import ScaleCore

extension BookingChecks {
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
