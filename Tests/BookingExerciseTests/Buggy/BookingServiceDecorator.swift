import BookingExercise

/// A service that forwards every call to `base`; a buggy design overrides only the method it gets wrong.
protocol BookingServiceDecorator: BookingService {
    associatedtype Base: BookingService
    var base: Base { get }
}

extension BookingServiceDecorator {
    func createEvent(_ event: Event) async throws { try await base.createEvent(event) }
    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        try await base.hold(event: event, seats: seats, user: user, ttl: ttl)
    }
    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking { try await base.confirm(hold, idempotencyKey: idempotencyKey) }
    func cancel(_ booking: Booking) async throws { try await base.cancel(booking) }
    func availability(event: UInt64) async throws -> Availability { try await base.availability(event: event) }
    func bookings(user: UInt64) async throws -> [Booking] { try await base.bookings(user: user) }
    func bookTrip(_ legs: [TripLeg], user: UInt64) async throws -> [Booking] { try await base.bookTrip(legs, user: user) }
}
