/// The limits every BookingService enforces on its input, and the checks of what a request says
/// on its own (before any seat is looked at). Public so designs share one reading of the spec.
public enum BookingLimits {
    /// Longest hold: a day.
    public static let maxTTL = Duration.seconds(86_400)
    /// Most seats in one hold or trip leg.
    public static let maxSeatsPerHold = 64
    /// Most legs in one trip.
    public static let maxTripLegs = 8
    /// Longest idempotency key, in UTF-8 bytes.
    public static let maxIdempotencyKeyBytes = 200
    /// Most buyers waiting in one event's waiting room; the next is turned away (`waitingRoomFull`).
    public static let waitingRoomCapacity = 1_000_000
    /// How long an admitted buyer keeps a place without leaving: a vanished buyer's place lapses.
    public static let waitingRoomAdmissionLeaseNanos: UInt64 = 60_000_000_000

    /// The TTL in nanoseconds, or `invalidTTL`.
    public static func ttlNanos(_ ttl: Duration) throws(BookingError) -> UInt64 {
        guard ttl > .zero, ttl <= maxTTL else {
            throw BookingError(.invalidTTL, "a hold's TTL must be more than 0 and at most \(maxTTL); got \(ttl)")
        }
        let (seconds, attoseconds) = ttl.components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// The one section `seats` are in, or the refusal for the list itself: `emptySeatList`,
    /// `tooManySeats`, `duplicateSeat`, `mixedSections`.
    public static func section(of seats: [Seat]) throws(BookingError) -> Int {
        guard let first = seats.first else { throw BookingError(.emptySeatList, "name at least one seat") }
        guard seats.count <= maxSeatsPerHold else {
            throw BookingError(.tooManySeats, "at most \(maxSeatsPerHold) seats per hold; got \(seats.count)")
        }
        guard seats.count < 2 || Set(seats).count == seats.count else {
            throw BookingError(.duplicateSeat, "a seat appears twice in \(seats.map(\.description).joined(separator: " "))")
        }
        guard seats.allSatisfy({ $0.section == first.section }) else {
            throw BookingError(.mixedSections, "a hold stays within one section; got sections \(Set(seats.map(\.section)).sorted())")
        }
        return first.section
    }

    /// `invalidIdempotencyKey` unless `key` has 1…maxIdempotencyKeyBytes bytes.
    public static func validateIdempotencyKey(_ key: String) throws(BookingError) {
        guard !key.isEmpty, key.utf8.count <= maxIdempotencyKeyBytes else {
            throw BookingError(.invalidIdempotencyKey, "an idempotency key takes 1 to \(maxIdempotencyKeyBytes) bytes; got \(key.utf8.count)")
        }
    }

    /// `invalidTrip` unless `legs` is 1…maxTripLegs legs on distinct events.
    public static func validateTrip(_ legs: [TripLeg]) throws(BookingError) {
        guard !legs.isEmpty, legs.count <= maxTripLegs else {
            throw BookingError(.invalidTrip, "a trip takes 1 to \(maxTripLegs) legs; got \(legs.count)")
        }
        guard Set(legs.map(\.event)).count == legs.count else {
            throw BookingError(.invalidTrip, "two legs of one trip on the same event; put those seats in one leg")
        }
    }

    /// `invalidSeatMap` unless `event` has 1…maxSectionCount sections, each non-empty and within limits.
    public static func validateSeatMap(_ event: Event) throws(BookingError) {
        guard (1...Event.maxSectionCount).contains(event.sections.count) else {
            throw BookingError(.invalidSeatMap, "an event takes 1 to \(Event.maxSectionCount) sections; got \(event.sections.count)")
        }
        for (index, section) in event.sections.enumerated() {
            guard section.rowCount > 0, section.seatsPerRow > 0, section.rowCount <= Event.maxSeatsPerSection,
                  section.seatsPerRow <= Event.maxSeatsPerSection, section.capacity <= Event.maxSeatsPerSection else {
                throw BookingError(.invalidSeatMap, "section \(index) must have 1 to \(Event.maxSeatsPerSection) seats in rows of at least one; got \(section.rowCount)x\(section.seatsPerRow)")
            }
        }
    }
}
