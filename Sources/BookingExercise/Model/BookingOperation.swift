import ExerciseKit

/// One BookingService call, as checks draw, run and record it. Holds and bookings are named by
/// labels the sequence hands out (the service's ids are not known in advance); `BookingLabels`
/// maps each label to what the service returned.
public enum BookingOperation: Sendable, Hashable, CustomStringConvertible {
    case createEvent(Event)
    /// A hold that, when granted, is known as hold `label`.
    case hold(label: Int, event: UInt64, seats: [Seat], user: UInt64, ttl: Duration)
    /// Confirms hold `hold` (or, if it was never granted, a hold with these details and an id nobody
    /// issued); a new booking is known as booking `label`. `tampered` changes the hold's user first.
    case confirm(label: Int, hold: Int, event: UInt64, seats: [Seat], user: UInt64, key: String, tampered: Bool)
    /// Cancels booking `label` (or, if never made, one with these details and an unissued id).
    case cancel(label: Int, event: UInt64, seats: [Seat], user: UInt64)
    case availability(UInt64)
    case bookings(user: UInt64)
    /// A trip whose bookings are known as `label`, `label + 1`, ….
    case trip(label: Int, legs: [TripLeg], user: UInt64)

    public var description: String {
        switch self {
        case .createEvent(let event): "createEvent(\(event))"
        case .hold(let label, let event, let seats, let user, let ttl):
            "H\(label) = hold(event \(event), [\(seats.map(\.description).joined(separator: " "))], user \(user), ttl \(Self.text(ttl)))"
        case .confirm(let label, let hold, _, _, let user, let key, let tampered):
            "B\(label) = confirm(H\(hold)\(tampered ? " with its user changed to \(user + BookingLabels.tamperedUserOffset)" : ""), key \"\(key)\")"
        case .cancel(let label, _, _, _): "cancel(B\(label))"
        case .availability(let event): "availability(event \(event))"
        case .bookings(let user): "bookings(user \(user))"
        case .trip(let label, let legs, let user): "B\(label)… = bookTrip([\(legs.map(\.description).joined(separator: "; "))], user \(user))"
        }
    }

    /// `1h`, `30ms`, `-5s`: a TTL as a reader writes it.
    static func text(_ ttl: Duration) -> String {
        let nanos = ttl.components.seconds * 1_000_000_000 + ttl.components.attoseconds / 1_000_000_000
        if nanos != 0, nanos % 3_600_000_000_000 == 0 { return "\(nanos / 3_600_000_000_000)h" }
        if nanos % 1_000_000_000 == 0 { return "\(nanos / 1_000_000_000)s" }
        return "\(nanos / 1_000_000)ms"
    }

    /// Runs the call on `service`, naming what it returns through `labels`: refusals become
    /// `.refused`, other errors `.failed`; only an unwritten stub method (`Unimplemented`) escapes.
    public func run(on service: any BookingService, labels: BookingLabels) async throws -> BookingOutcome {
        do {
            switch self {
            case .createEvent(let event):
                try await service.createEvent(event)
                return .done
            case .hold(let label, let event, let seats, let user, let ttl):
                let hold = try await service.hold(event: event, seats: seats, user: user, ttl: ttl)
                labels.register(hold, as: label)
                return .held(event: hold.event, seats: hold.seats.sorted(), user: hold.user)
            case .confirm(let label, let holdLabel, let event, let seats, let user, let key, let tampered):
                var hold = labels.hold(holdLabel) ?? Hold(id: BookingLabels.unissuedID(holdLabel), event: event, seats: seats, user: user, expiresAtNanos: 0)
                if tampered { hold.user += BookingLabels.tamperedUserOffset }
                let booking = try await service.confirm(hold, idempotencyKey: key)
                return .booked(labels.view(of: booking, registeringAs: label))
            case .cancel(let label, let event, let seats, let user):
                let booking = labels.booking(label) ?? Booking(id: BookingLabels.unissuedID(label), event: event, seats: seats, user: user)
                try await service.cancel(booking)
                return .done
            case .availability(let event):
                return .availability(try await service.availability(event: event).freeBySection)
            case .bookings(let user):
                return .bookings(try await service.bookings(user: user).map { labels.view(of: $0, registeringAs: nil) }.sorted())
            case .trip(let label, let legs, let user):
                let bookings = try await service.bookTrip(legs, user: user)
                return .trip(bookings.enumerated().map { labels.view(of: $1, registeringAs: label + $0) })
            }
        } catch let error as BookingError {
            return .refused(error.code)
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            return .failed("\(error)")
        }
    }
}

/// A booking as checks compare it: its label (the sequence's name for it), event, seats, user.
public struct BookingView: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var label: Int
    public var event: UInt64
    public var seats: [Seat]
    public var user: UInt64

    public static func < (a: BookingView, b: BookingView) -> Bool { (a.label, a.event) < (b.label, b.event) }

    public var description: String {
        "\(label < 0 ? "an unknown booking" : "B\(label)") (event \(event), \(seats.map(\.description).joined(separator: " ")), user \(user))"
    }
}

/// What a BookingService call answered.
public enum BookingOutcome: Sendable, Hashable, CustomStringConvertible {
    case done
    case held(event: UInt64, seats: [Seat], user: UInt64)
    case booked(BookingView)
    case availability([Int])
    case bookings([BookingView])
    case trip([BookingView])
    case refused(BookingError.Code)
    /// Any other error: never allowed.
    case failed(String)

    public var description: String {
        switch self {
        case .done: "ok"
        case .held(let event, let seats, let user): "held event \(event) \(seats.map(\.description).joined(separator: " ")) for user \(user)"
        case .booked(let view): "booked \(view)"
        case .availability(let free): "free \(free)"
        case .bookings(let views): "[\(views.map(\.description).joined(separator: ", "))]"
        case .trip(let views): "trip [\(views.map(\.description).joined(separator: ", "))]"
        case .refused(let code): "refused \(code.rawValue)"
        case .failed(let message): "error: \(message)"
        }
    }
}
