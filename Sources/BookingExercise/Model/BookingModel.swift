import ExerciseKit

/// The BookingService specification as a state machine: the seat map of every event, which seat
/// is held (by which hold) or sold (to which booking), every hold and booking by label. Holds in
/// model-based sequences never expire (their TTL is an hour); expiry has a check of its own.
public struct BookingModel: SpecificationModel {
    /// A seat of an event.
    public struct SeatKey: Hashable, Sendable, Comparable {
        public var event: UInt64
        public var seat: Seat
        public static func < (a: SeatKey, b: SeatKey) -> Bool { (a.event, a.seat) < (b.event, b.seat) }
    }

    public enum HoldStatus: Hashable, Sendable {
        case active
        case confirmed(booking: Int, key: String)
    }

    public struct HoldRecord: Hashable, Sendable {
        public var event: UInt64
        public var seats: [Seat]
        public var user: UInt64
        public var status: HoldStatus
    }

    public struct BookingRecord: Hashable, Sendable {
        public var event: UInt64
        public var seats: [Seat]
        public var user: UInt64
        public var cancelled: Bool
    }

    public struct State: Hashable, Sendable, CustomStringConvertible {
        public var events: [UInt64: Event] = [:]
        /// Seats that are not free: held by hold label, or sold to booking label.
        public var taken: [SeatKey: Taken] = [:]
        public var holds: [Int: HoldRecord] = [:]
        public var bookings: [Int: BookingRecord] = [:]
        /// The next label a generated operation gets (labels are spaced by 4: a trip uses several).
        public var nextLabel = 1

        public enum Taken: Hashable, Sendable {
            case held(Int), sold(Int)
        }

        public init() {}

        public var description: String {
            let seats = taken.sorted { $0.key < $1.key }.map { key, value in
                switch value {
                case .held(let hold): "e\(key.event) \(key.seat) held by H\(hold)"
                case .sold(let booking): "e\(key.event) \(key.seat) sold to B\(booking)"
                }
            }
            return "events \(events.keys.sorted()); " + (seats.isEmpty ? "every seat free" : seats.joined(separator: ", "))
        }
    }

    public var initialState: State

    public init(initialState: State = State()) {
        self.initialState = initialState
    }

    public func apply(_ input: BookingOperation, to state: State) -> (output: BookingOutcome, state: State) {
        var next = state
        if input.takesLabel { next.nextLabel = max(next.nextLabel, input.label + 4) }
        if let code = refusals(input, in: state).first { return (.refused(code), next) }
        switch input {
        case .createEvent(let event):
            next.events[event.id] = event
            return (.done, next)
        case .hold(let label, let event, let seats, let user, _):
            for seat in seats { next.taken[SeatKey(event: event, seat: seat)] = .held(label) }
            next.holds[label] = HoldRecord(event: event, seats: seats.sorted(), user: user, status: .active)
            return (.held(event: event, seats: seats.sorted(), user: user), next)
        case .confirm(let label, let holdLabel, _, _, _, let key, _):
            let hold = state.holds[holdLabel]!
            if case .confirmed(let booking, _) = hold.status {
                return (.booked(view(booking, state.bookings[booking]!)), next)
            }
            for seat in hold.seats { next.taken[SeatKey(event: hold.event, seat: seat)] = .sold(label) }
            next.holds[holdLabel]!.status = .confirmed(booking: label, key: key)
            let record = BookingRecord(event: hold.event, seats: hold.seats, user: hold.user, cancelled: false)
            next.bookings[label] = record
            return (.booked(view(label, record)), next)
        case .cancel(let label, _, _, _):
            let booking = state.bookings[label]!
            for seat in booking.seats { next.taken[SeatKey(event: booking.event, seat: seat)] = nil }
            next.bookings[label]!.cancelled = true
            return (.done, next)
        case .availability(let event):
            let sections = state.events[event]!.sections
            let free = sections.indices.map { index in
                sections[index].capacity - state.taken.keys.filter { $0.event == event && $0.seat.section == index }.count
            }
            return (.availability(free), next)
        case .bookings(let user):
            let views = state.bookings.filter { $0.value.user == user && !$0.value.cancelled }.map { view($0.key, $0.value) }
            return (.bookings(views.sorted()), next)
        case .trip(let label, let legs, let user):
            var views: [BookingView] = []
            for (index, leg) in legs.enumerated() {
                let record = BookingRecord(event: leg.event, seats: leg.seats.sorted(), user: user, cancelled: false)
                for seat in leg.seats { next.taken[SeatKey(event: leg.event, seat: seat)] = .sold(label + index) }
                next.bookings[label + index] = record
                views.append(view(label + index, record))
            }
            return (.trip(views), next)
        }
    }

    public func accept(_ input: BookingOperation, observed: BookingOutcome, in state: State) -> [State] {
        let (expected, next) = apply(input, to: state)
        if observed == expected { return [next] }
        // Where several refusals apply, the specification does not say which comes first.
        guard case .refused(let code) = observed, case .refused = expected, refusals(input, in: state).contains(code) else { return [] }
        return [next]
    }

    public func keys(of input: BookingOperation) -> [String] { ["bookings"] }

    private func view(_ label: Int, _ record: BookingRecord) -> BookingView {
        BookingView(label: label, event: record.event, seats: record.seats, user: record.user)
    }

    /// Every refusal the specification allows for `input` in `state`, in the order the reference checks them.
    func refusals(_ input: BookingOperation, in state: State) -> [BookingError.Code] {
        switch input {
        case .createEvent(let event):
            if state.events[event.id] != nil { return [.eventExists] }
            return (try? BookingLimits.validateSeatMap(event)) == nil ? [.invalidSeatMap] : []
        case .hold(_, let event, let seats, _, let ttl):
            var codes: [BookingError.Code] = []
            if (try? BookingLimits.ttlNanos(ttl)) == nil { codes.append(.invalidTTL) }
            return codes + seatRefusals(event, seats, in: state)
        case .confirm(_, let holdLabel, _, _, _, let key, let tampered):
            var codes: [BookingError.Code] = []
            if (try? BookingLimits.validateIdempotencyKey(key)) == nil { codes.append(.invalidIdempotencyKey) }
            guard let hold = state.holds[holdLabel], !tampered else { return codes + [.unknownHold] }
            if case .confirmed(_, let stored) = hold.status, stored != key { codes.append(.alreadyConfirmed) }
            return codes
        case .cancel(let label, _, _, _):
            guard let booking = state.bookings[label] else { return [.unknownBooking] }
            return booking.cancelled ? [.alreadyCancelled] : []
        case .availability(let event):
            return state.events[event] == nil ? [.unknownEvent] : []
        case .bookings:
            return []
        case .trip(_, let legs, _):
            if (try? BookingLimits.validateTrip(legs)) == nil { return [.invalidTrip] }
            // Legs are held in order: the first leg that cannot be had decides.
            for leg in legs {
                let codes = seatRefusals(leg.event, leg.seats, in: state)
                if !codes.isEmpty { return codes }
            }
            return []
        }
    }

    /// Why seats `seats` of `event` cannot be held, every reason that applies.
    private func seatRefusals(_ event: UInt64, _ seats: [Seat], in state: State) -> [BookingError.Code] {
        do {
            _ = try BookingLimits.section(of: seats)
        } catch {
            return [error.code] + (state.events[event] == nil ? [.unknownEvent] : [])
        }
        guard let seatMap = state.events[event] else { return [.unknownEvent] }
        var codes: [BookingError.Code] = []
        if !seats.allSatisfy(seatMap.contains) { codes.append(.unknownSeat) }
        if seats.contains(where: { state.taken[SeatKey(event: event, seat: $0)] != nil }) { codes.append(.seatTaken) }
        return codes
    }
}

extension BookingOperation {
    /// Holds, confirms and trips: the operations that hand out a label.
    var takesLabel: Bool {
        switch self {
        case .hold, .confirm, .trip: true
        case .createEvent, .cancel, .availability, .bookings: false
        }
    }

    var label: Int {
        switch self {
        case .hold(let label, _, _, _, _), .confirm(let label, _, _, _, _, _, _), .trip(let label, _, _), .cancel(let label, _, _, _): label
        case .createEvent, .availability, .bookings: 0
        }
    }
}
