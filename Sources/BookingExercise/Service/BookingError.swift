import LoadGenerator

/// Why a BookingService operation was refused. A struct wrapping a code, so new cases do not break callers.
public struct BookingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// No event with this id.
        case unknownEvent
        /// An event with this id exists already.
        case eventExists
        /// The seat map has no sections, an empty section, or more than the limits allow.
        case invalidSeatMap
        /// A seat the event's seat map does not have.
        case unknownSeat
        /// A hold or trip leg with no seats.
        case emptySeatList
        /// More seats in one hold than `BookingLimits.maxSeatsPerHold`.
        case tooManySeats
        /// The same seat twice in one request.
        case duplicateSeat
        /// Seats of more than one section in one hold (a hold stays within a section).
        case mixedSections
        /// A TTL of zero or less (or beyond the limit).
        case invalidTTL
        /// A seat is held by someone else or sold.
        case seatTaken
        /// No such hold (never made, released, or not this user's).
        case unknownHold
        /// The hold's TTL ran out before it was confirmed.
        case holdExpired
        /// An empty idempotency key, or one longer than `BookingLimits.maxIdempotencyKeyBytes`.
        case invalidIdempotencyKey
        /// The hold was confirmed already, under another idempotency key.
        case alreadyConfirmed
        /// No such booking.
        case unknownBooking
        /// The booking was cancelled already.
        case alreadyCancelled
        /// A trip with no legs, or two legs on one event.
        case invalidTrip
        /// Concurrent changes kept winning, or the outcome is unknown (a failover); the caller may retry.
        case conflict
        /// The event's waiting room has `BookingLimits.waitingRoomCapacity` buyers in line: turned away.
        case waitingRoomFull
        /// No such waiting-room ticket (it left, its admission lapsed, or it is another user's).
        case unknownTicket
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}

extension BookingError: LabeledError {
    public var errorKindLabel: String { code.rawValue }
}
