import ScaleCore

/// What model-based sequences draw from: two tiny events (so seats collide: taken seats, replays,
/// refusals), three users, and bad input mixed in.
public enum BookingPool {
    /// Event 11: two sections of one row of 3 seats; event 22: one section of one row of 3.
    public static let events = [
        Event(id: 11, name: "Pool 11", sections: [Section(rowCount: 1, seatsPerRow: 3), Section(rowCount: 1, seatsPerRow: 3)]),
        Event(id: 22, name: "Pool 22", sections: [Section(rowCount: 1, seatsPerRow: 3)]),
    ]
    static let unknownEvent: UInt64 = 99
    static let users: [UInt64] = [1, 2, 3]
    static let longTTL = Duration.seconds(3_600)

    /// One operation for `state`: events first, then mostly holds and confirms; with `badInput`
    /// off, none that a service refuses without asking the cluster (a bad TTL, seat list or key).
    public static func draw(_ generator: inout SeededGenerator, in state: BookingModel.State, badInput: Bool = true) -> BookingOperation {
        for _ in 0..<100 {
            let operation = drawAny(&generator, in: state)
            if badInput || !operation.isRefusedLocally { return operation }
        }
        return .bookings(user: users[0])
    }

    static func drawAny(_ generator: inout SeededGenerator, in state: BookingModel.State) -> BookingOperation {
        let roll = Int(generator.next() % 100)
        let label = state.nextLabel
        let user = users[Int(generator.next() % UInt64(users.count))]
        if state.events.count < events.count, roll < 30 || state.events.isEmpty {
            return .createEvent(events.first { state.events[$0.id] == nil }!)
        }
        switch roll {
        case ..<3:
            return .createEvent(events[Int(generator.next() % UInt64(events.count))])
        case ..<40:
            let (event, seats) = drawSeats(&generator)
            let ttl: Duration = switch generator.next() % 25 {
            case 0: .zero
            case 1: .seconds(-5)
            default: longTTL
            }
            return .hold(label: label, event: event, seats: seats, user: user, ttl: ttl)
        case ..<62:
            return drawConfirm(&generator, in: state, label: label)
        case ..<72:
            let known = state.bookings.keys.sorted()
            if let booking = known.isEmpty || generator.next() % 8 == 0 ? nil : known[Int(generator.next() % UInt64(known.count))] {
                let record = state.bookings[booking]!
                return .cancel(label: booking, event: record.event, seats: record.seats, user: record.user)
            }
            return .cancel(label: label + 2, event: 11, seats: [Seat(section: 0, row: 0, number: 0)], user: user)
        case ..<84:
            return .availability(generator.next() % 6 == 0 ? unknownEvent : events[Int(generator.next() % 2)].id)
        case ..<90:
            return .bookings(user: user)
        default:
            let concert = Seat(section: Int(generator.next() % 2), row: 0, number: Int(generator.next() % 3))
            let parking = Seat(section: 0, row: 0, number: Int(generator.next() % 3))
            return .trip(label: label, legs: [TripLeg(event: 11, seats: [concert]), TripLeg(event: 22, seats: [parking])], user: user)
        }
    }

    /// A confirm of a granted hold (its first time, a replay with its key, another key, tampered),
    /// or of a hold nobody granted.
    static func drawConfirm(_ generator: inout SeededGenerator, in state: BookingModel.State, label: Int) -> BookingOperation {
        let holds = state.holds.keys.sorted()
        guard !holds.isEmpty, generator.next() % 10 != 0 else {
            let (event, seats) = drawSeats(&generator)
            return .confirm(label: label, hold: label + 1, event: event, seats: seats, user: 1, key: "k\(label)", tampered: false)
        }
        let active = holds.filter { state.holds[$0]!.status == .active }
        let holdLabel = !active.isEmpty && generator.next() % 3 != 0 ? active[Int(generator.next() % UInt64(active.count))] : holds[Int(generator.next() % UInt64(holds.count))]
        let hold = state.holds[holdLabel]!
        var key = "k\(holdLabel)"
        switch generator.next() % 12 {
        case 0: key = "other\(label)"
        case 1: key = ""
        default: break
        }
        return .confirm(label: label, hold: holdLabel, event: hold.event, seats: hold.seats, user: hold.user, key: key, tampered: generator.next() % 12 == 0)
    }

    /// Seats of a pool event: mostly 1-2 valid seats of one section, sometimes an empty, mixed,
    /// duplicate or unknown seat list, or an unknown event.
    static func drawSeats(_ generator: inout SeededGenerator) -> (UInt64, [Seat]) {
        let event = events[Int(generator.next() % UInt64(events.count))]
        let section = Int(generator.next() % UInt64(event.sections.count))
        let first = Int(generator.next() % 3)
        let one = Seat(section: section, row: 0, number: first)
        switch generator.next() % 20 {
        case 0: return (event.id, [])
        case 1: return (event.id, [one, one])
        case 2: return (event.id, [one, Seat(section: 1 - min(section, 1), row: 0, number: first)])
        case 3: return (event.id, [Seat(section: section, row: 0, number: 7)])
        case 4: return (unknownEvent, [one])
        case 5...11 where first < 2: return (event.id, [one, Seat(section: section, row: 0, number: first + 1)])
        default: return (event.id, [one])
        }
    }

    /// Reads that reveal the whole state: every event's availability, every user's bookings.
    public static let observation: [BookingOperation] =
        events.map { .availability($0.id) } + [.availability(unknownEvent)] + users.map { .bookings(user: $0) }
}

extension BookingOperation {
    /// Refused on what the request says alone: a bad TTL, seat list, idempotency key or trip, or a
    /// hold or booking naming no seats (nothing to route by).
    var isRefusedLocally: Bool {
        switch self {
        case .hold(_, _, let seats, _, let ttl):
            (try? BookingLimits.ttlNanos(ttl)) == nil || (try? BookingLimits.section(of: seats)) == nil
        case .confirm(_, _, _, let seats, _, let key, _):
            (try? BookingLimits.validateIdempotencyKey(key)) == nil || seats.isEmpty
        case .cancel(_, _, let seats, _):
            seats.isEmpty
        case .trip(_, let legs, _):
            (try? BookingLimits.validateTrip(legs)) == nil || legs.contains { (try? BookingLimits.section(of: $0.seats)) == nil }
        case .createEvent(let event):
            (try? BookingLimits.validateSeatMap(event)) == nil
        case .availability, .bookings:
            false
        }
    }
}
