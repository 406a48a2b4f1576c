import ExerciseKit
import ScaleCore

/// The virtual waiting room (`hot-event=waiting-room`): a room per event on a shard of its own
/// key, where every enter, status and leave is one write transaction that also admits the next in
/// line. Other placements have no room and admit every buyer at once. The room is a gate buyers
/// pass before booking, as a queueing page in front of a ticket site is: holds do not ask for a ticket.
extension ShardedBookingService {
    public func enterWaitingRoom(event: UInt64, user: UInt64) async throws -> WaitingRoomTicket {
        guard design.placement == .waitingRoom else { return .noRoom(event: event, user: user) }
        let (nowNanos, shape) = (MonotonicClock.nowNanos(), roomShape)
        return try await cluster.write(roomKey(event), kind: .enterRoom) { connection in
            try WaitingRoomRows.enter(event: event, user: user, nowNanos: nowNanos, shape: shape, on: connection)
        }
    }

    public func waitingRoomStatus(_ ticket: WaitingRoomTicket) async throws -> WaitingRoomTicket {
        guard design.placement == .waitingRoom else { return .noRoom(event: ticket.event, user: ticket.user) }
        let (nowNanos, shape) = (MonotonicClock.nowNanos(), roomShape)
        return try await cluster.write(roomKey(ticket.event), kind: .roomStatus) { connection in
            try WaitingRoomRows.admit(event: ticket.event, nowNanos: nowNanos, shape: shape, on: connection)
            return try WaitingRoomRows.status(ticket, shape: shape, on: connection)
        }
    }

    public func leaveWaitingRoom(_ ticket: WaitingRoomTicket) async throws {
        guard design.placement == .waitingRoom, ticket.id != 0 else { return }
        let (nowNanos, shape) = (MonotonicClock.nowNanos(), roomShape)
        try await cluster.write(roomKey(ticket.event), kind: .leaveRoom) { connection in
            try WaitingRoomRows.leave(ticket, nowNanos: nowNanos, shape: shape, on: connection)
        }
    }

    var roomShape: WaitingRoomRows.Shape {
        WaitingRoomRows.Shape(admittedMax: design.waitingRoomAdmittedMax, leaseNanos: BookingLimits.waitingRoomAdmissionLeaseNanos)
    }

    /// The room's key: its own, so its polls need not land on the hot event's shard.
    func roomKey(_ event: UInt64) -> PartitionKey { PartitionKey(event ^ 0x5EA7_0000_0000_0000) }
}
