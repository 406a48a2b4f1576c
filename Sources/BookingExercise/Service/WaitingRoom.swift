/// A buyer's place in an event's virtual waiting room: admitted (may book now) or waiting, with
/// the number of buyers in line up to and including it and when to ask again.
public struct WaitingRoomTicket: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Unique within its event's room, in order of arrival; 0 for a design without a room.
    public var id: UInt64
    public var event: UInt64
    public var user: UInt64
    /// 0 once admitted; otherwise 1 for the next in line, 2 behind them, …
    public var position: Int
    /// How long the room suggests waiting before asking again (0 once admitted).
    public var retryAfterNanos: UInt64

    public init(id: UInt64, event: UInt64, user: UInt64, position: Int, retryAfterNanos: UInt64) {
        self.id = id
        self.event = event
        self.user = user
        self.position = position
        self.retryAfterNanos = retryAfterNanos
    }

    public var isAdmitted: Bool { position == 0 }

    /// A design without a waiting room lets every buyer in at once.
    public static func noRoom(event: UInt64, user: UInt64) -> WaitingRoomTicket {
        WaitingRoomTicket(id: 0, event: event, user: user, position: 0, retryAfterNanos: 0)
    }

    public var description: String {
        isAdmitted ? "Ticket(#\(id), event \(event), user \(user), admitted)" : "Ticket(#\(id), event \(event), user \(user), position \(position))"
    }
}

/// The waiting room is a stretch goal: a design without one admits everyone at once, so these
/// defaults let a `BookingService` leave it out.
extension BookingService {
    public func enterWaitingRoom(event: UInt64, user: UInt64) async throws -> WaitingRoomTicket {
        .noRoom(event: event, user: user)
    }

    public func waitingRoomStatus(_ ticket: WaitingRoomTicket) async throws -> WaitingRoomTicket { ticket }

    public func leaveWaitingRoom(_ ticket: WaitingRoomTicket) async throws {}
}
