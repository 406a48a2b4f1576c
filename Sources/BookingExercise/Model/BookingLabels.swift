import ScaleCore

/// The holds and bookings a check's sequence got back, by label, so later operations can name
/// them (a confirm of hold H3) and answers can be compared by label (booking B5 twice is one booking).
/// Shared by every service instance of the check. Guarded by its lock.
public final class BookingLabels: Sendable {
    /// A booking's identity: ids are unique only within an event's section (they may be row ids).
    struct BookingKey: Hashable {
        var event: UInt64
        var section: Int
        var id: UInt64
    }

    private let state = Locked<(holds: [Int: Hold], bookings: [Int: Booking], labelOfBooking: [BookingKey: Int])>(([:], [:], [:]))

    /// Added to a hold's user by a tampered confirm: a user that never held anything.
    public static let tamperedUserOffset: UInt64 = 1_000

    public init() {}

    /// Forgets every hold and booking: a new run starts on a fresh cluster, where the old ids mean nothing.
    public func reset() {
        state.withLock { $0 = ([:], [:], [:]) }
    }

    /// An id no service issues for label `label` (services draw ids at random, or count from 1).
    static func unissuedID(_ label: Int) -> UInt64 { UInt64(Int64.max) - UInt64(label) }

    func register(_ hold: Hold, as label: Int) {
        state.withLock { $0.holds[label] = hold }
    }

    func hold(_ label: Int) -> Hold? { state.withLock { $0.holds[label] } }

    func booking(_ label: Int) -> Booking? { state.withLock { $0.bookings[label] } }

    /// The booking as a view: under the label it was first registered with, else registered as
    /// `label` now (nil: not registered; shown as -1).
    func view(of booking: Booking, registeringAs label: Int?) -> BookingView {
        let known = state.withLock { state -> Int in
            let key = BookingKey(event: booking.event, section: booking.seats.first?.section ?? -1, id: booking.id)
            if let existing = state.labelOfBooking[key] { return existing }
            guard let label else { return -1 }
            state.labelOfBooking[key] = label
            state.bookings[label] = booking
            return label
        }
        return BookingView(label: known, event: booking.event, seats: booking.seats.sorted(), user: booking.user)
    }
}
