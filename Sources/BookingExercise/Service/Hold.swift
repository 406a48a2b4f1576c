/// Seats reserved for one user until `expiresAtNanos`: confirm it before then, or the seats are free again.
public struct Hold: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Unique among the holds of its event's section (a confirm also checks seats and user).
    public var id: UInt64
    public var event: UInt64
    /// All in one section, sorted.
    public var seats: [Seat]
    public var user: UInt64
    /// `MonotonicClock.nowNanos()` at which the hold lapses.
    public var expiresAtNanos: UInt64

    public init(id: UInt64, event: UInt64, seats: [Seat], user: UInt64, expiresAtNanos: UInt64) {
        self.id = id
        self.event = event
        self.seats = seats
        self.user = user
        self.expiresAtNanos = expiresAtNanos
    }

    public var description: String { "Hold(#\(id), event \(event), \(seats.map(\.description).joined(separator: " ")), user \(user))" }
}

/// Seats sold to one user: the result of confirming a hold.
public struct Booking: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Unique among the bookings of its event.
    public var id: UInt64
    public var event: UInt64
    /// All in one section, sorted.
    public var seats: [Seat]
    public var user: UInt64

    public init(id: UInt64, event: UInt64, seats: [Seat], user: UInt64) {
        self.id = id
        self.event = event
        self.seats = seats
        self.user = user
    }

    public var description: String { "Booking(#\(id), event \(event), \(seats.map(\.description).joined(separator: " ")), user \(user))" }
}

/// One leg of a trip: seats of one event (the concert, the parking spot).
public struct TripLeg: Sendable, Hashable, Codable, CustomStringConvertible {
    public var event: UInt64
    public var seats: [Seat]

    public init(event: UInt64, seats: [Seat]) {
        self.event = event
        self.seats = seats
    }

    public var description: String { "event \(event): \(seats.map(\.description).joined(separator: " "))" }
}

/// Free seats of an event, per section.
public struct Availability: Sendable, Hashable, Codable, CustomStringConvertible {
    public var event: UInt64
    /// Free seats (never held, or held by an expired hold) per section, in section order.
    public var freeBySection: [Int]

    public init(event: UInt64, freeBySection: [Int]) {
        self.event = event
        self.freeBySection = freeBySection
    }

    /// Free seats in the whole event.
    public var free: Int { freeBySection.reduce(0, +) }

    public var description: String { "free \(freeBySection)" }
}
