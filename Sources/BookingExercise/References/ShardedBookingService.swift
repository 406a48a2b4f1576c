import ExerciseKit
import ScaleCore

/// Events sharded by id: every hold, confirm and cancel is one transaction on the primary of the
/// shard that holds the seats, so a seat's state changes in one place and a claim is atomic.
///
/// - `claim`: a conditional `UPDATE … WHERE status = free`, or read-then-update inside the
///   same write transaction. Never read in one call and write in the next: that sells seats twice.
/// - `placement`: an event's seats on the event's shard, or each section on its own shard, or
///   on the event's shard behind a waiting room (`ShardedBookingService+WaitingRoom.swift`).
/// - `availability`: from the primary, or from any replica (may be stale).
///
/// Hold and booking ids are the rows' own ids on the shard (unique with the event and section
/// they name); the time is taken before the transaction, so a body that runs again on a new
/// primary writes the same rows. The service keeps nothing in memory.
public final class ShardedBookingService: BookingService {
    let cluster: Cluster
    public let design: BookingDesign
    /// Attempts of a trip's compensation step before giving up.
    static let compensationAttempts = 8

    public init(cluster: Cluster, design: BookingDesign) throws {
        self.cluster = cluster
        self.design = design
        try cluster.shardMap()
    }

    public func createEvent(_ event: Event) async throws {
        try BookingLimits.validateSeatMap(event)
        switch design.placement {
        case .oneShard, .waitingRoom:
            try await cluster.write(home(event.id), kind: .createEvent) { connection in
                guard try BookingRows.insertEvent(event, on: connection) else { throw BookingError(.eventExists, "event \(event.id) exists") }
                for index in event.sections.indices { try BookingRows.insertSection(index, of: event, on: connection) }
            }
            if design.placement == .waitingRoom {
                try await cluster.write(roomKey(event.id), kind: .createEvent) { try WaitingRoomRows.createRoom(event: event.id, on: $0) }
            }
        case .splitSections:
            // The catalogue row claims the id first; then each section goes to its own shard.
            guard try await cluster.write(home(event.id), kind: .createEvent, { try BookingRows.insertEvent(event, on: $0) }) else {
                throw BookingError(.eventExists, "event \(event.id) exists")
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in event.sections.indices {
                    group.addTask { [cluster] in
                        try await cluster.write(self.seatsKey(event.id, index), kind: .createEvent) { try BookingRows.insertSection(index, of: event, on: $0) }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    public func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold {
        let ttlNanos = try BookingLimits.ttlNanos(ttl)
        let section = try BookingLimits.section(of: seats)
        let nowNanos = MonotonicClock.nowNanos()
        let sorted = seats.count < 2 ? seats : seats.sorted()
        // Encoded before the call: the shard's write lock is held only for the SQL.
        let seatsText = BookingSchema.encodeSeats(sorted)
        let style = design.claim
        do {
            return try await cluster.write(seatsKey(event, section), kind: .holdSeats) { connection in
                try BookingRows.hold(
                    event: event, seats: sorted, seatsText: seatsText, user: user, expiresAtNanos: nowNanos &+ ttlNanos, nowNanos: nowNanos,
                    style: style, on: connection
                )
            }
        } catch is SectionNotHere {
            guard try await eventExists(event) else { throw BookingError(.unknownEvent, "no event \(event)") }
            throw BookingError(.unknownSeat, "event \(event) has no section \(section)")
        }
    }

    public func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking {
        try BookingLimits.validateIdempotencyKey(idempotencyKey)
        guard let section = hold.seats.first?.section else { throw BookingError(.unknownHold, "a hold without seats") }
        let nowNanos = MonotonicClock.nowNanos()
        let seatsText = BookingSchema.encodeSeats(hold.seats)
        return try await cluster.write(seatsKey(hold.event, section), kind: .confirmHold) { connection in
            try BookingRows.confirm(hold, seatsText: seatsText, idempotencyKey: idempotencyKey, nowNanos: nowNanos, on: connection)
        }
    }

    public func cancel(_ booking: Booking) async throws {
        guard let section = booking.seats.first?.section else { throw BookingError(.unknownBooking, "a booking without seats") }
        try await cluster.write(seatsKey(booking.event, section), kind: .cancelBooking) { try BookingRows.cancel(booking, on: $0) }
    }

    public func availability(event: UInt64) async throws -> Availability {
        let reads: ClusterReads = design.availability == .replica ? .any : .primary
        let nowNanos = MonotonicClock.nowNanos()
        switch design.placement {
        case .oneShard, .waitingRoom:
            let counted = try await cluster.read(home(event), kind: .readAvailability, reads: reads) { connection -> (Int, [Int: Int])? in
                guard let sections = try BookingRows.sectionCount(event: event, on: connection) else { return nil }
                return (sections, try BookingRows.freeBySection(event: event, nowNanos: nowNanos, on: connection))
            }
            guard let (sections, free) = counted else { throw BookingError(.unknownEvent, "no event \(event)") }
            return Availability(event: event, freeBySection: (0..<sections).map { free[$0] ?? 0 })
        case .splitSections:
            return try await splitAvailability(event: event, reads: reads, nowNanos: nowNanos)
        }
    }

    public func bookings(user: UInt64) async throws -> [Booking] {
        let placement = design.placement
        let found = try await cluster.scatter(kind: .userBookings, keyOf: { Self.seatsKey($0.event, $0.seats.first?.section ?? 0, placement: placement) }) { connection in
            try BookingRows.bookings(user: user, on: connection)
        }
        return found.sorted { ($0.event, $0.id) < ($1.event, $1.id) }
    }

    public func bookTrip(_ legs: [TripLeg], user: UInt64) async throws -> [Booking] {
        try await TripSaga(service: self, legs: legs, user: user).run()
    }

    /// Frees what `hold` still holds (a failed trip's compensation).
    func release(_ hold: Hold) async throws {
        try await cluster.write(seatsKey(hold.event, hold.seats[0].section), kind: .releaseHold) { try BookingRows.release(hold, on: $0) }
    }

    /// Whether the catalogue has `event`.
    func eventExists(_ event: UInt64) async throws -> Bool {
        try await cluster.read(home(event), kind: .readEvent, reads: .primary) { try BookingRows.sectionCount(event: event, on: $0) } != nil
    }

    /// The catalogue row's key: the event.
    func home(_ event: UInt64) -> PartitionKey { PartitionKey(event) }

    /// Where the seats of `section` of `event` live.
    func seatsKey(_ event: UInt64, _ section: Int) -> PartitionKey { Self.seatsKey(event, section, placement: design.placement) }

    static func seatsKey(_ event: UInt64, _ section: Int, placement: HotEventPlacement) -> PartitionKey {
        switch placement {
        case .oneShard, .waitingRoom: PartitionKey(event)
        case .splitSections: PartitionKey(event &<< 16 | UInt64(truncatingIfNeeded: section) & 0xFFFF)
        }
    }

    /// A random id in 1...Int64.max: unique without coordination (a trip's idempotency keys).
    static func newID() -> UInt64 { UInt64.random(in: 1...UInt64(Int64.max)) }
}
