import BookingExercise
import ExerciseKit
import ScaleCore

/// Bug: every confirm books again: the hold's status and the idempotency key are never looked at.
struct RebookingConfirmService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try await BuggySQL.bookAsPresented(hold, key: idempotencyKey, cluster: cluster) { stored in stored.user == hold.user }
    }
}

/// Bug: confirm checks only that a hold with that id is active, then books the seats and user the
/// caller's `Hold` value names: a client can book seats it never held, or for someone else.
struct TrustingConfirmService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try await BuggySQL.bookAsPresented(hold, key: idempotencyKey, cluster: cluster) { stored in stored.status == 0 }
    }
}

/// Bug: confirm commits the booking on the shard's current primary node alone and acknowledges it:
/// durable on one disk, never shipped to the replicas, so a failover loses it.
struct PrimaryLocalBookingService: BookingServiceDecorator {
    let base: ShardedBookingService
    let cluster: Cluster

    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        let stored = try await cluster.read(BuggySQL.key(hold.event), reads: .primary) { try BuggySQL.storedHold(hold.id, on: $0) }
        guard let stored, stored.user == hold.user, stored.status == 0 else { throw BookingError(.unknownHold, "no active \(hold)") }
        let booking = Booking(id: BuggySQL.newID(), event: hold.event, seats: hold.seats.sorted(), user: hold.user)
        let primary = try cluster.faults.primary(of: cluster.shardMap().route(for: BuggySQL.key(hold.event)).writeShard)
        try await cluster.call(primary) { node in try node.write { try BuggySQL.writeBooking(booking, holdID: hold.id, key: idempotencyKey, on: $0) } }
        return booking
    }
}
