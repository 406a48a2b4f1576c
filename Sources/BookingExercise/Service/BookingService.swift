/// Exercise 3: "Never sell a seat twice."
///
/// Events have seat maps; a buyer holds seats for a while, then confirms the hold into a booking.
/// Every method may be called concurrently from many clients and from several service instances
/// over the same cluster.
public protocol BookingService: Sendable {
    /// Adds an event and all its seats, free. Throws `eventExists` or `invalidSeatMap`.
    func createEvent(_ event: Event) async throws

    /// Reserves `seats` (all in one section) of `event` for `user` for `ttl`, all or none. Throws
    /// `invalidTTL`, `emptySeatList`, `duplicateSeat`, `mixedSections`, `unknownEvent`,
    /// `unknownSeat` or `seatTaken` (held by another unexpired hold, or sold); where several
    /// apply, any of them is right. A seat whose hold expired is free again.
    func hold(event: UInt64, seats: [Seat], user: UInt64, ttl: Duration) async throws -> Hold

    /// Turns `hold` into a booking. The same `idempotencyKey` again returns the same booking
    /// (a retry after a lost reply books once). Throws `unknownHold` (also when `hold` does not
    /// match the stored one), `holdExpired`, or `alreadyConfirmed` (confirmed under another key).
    func confirm(_ hold: Hold, idempotencyKey: String) async throws -> Booking

    /// Cancels `booking`; its seats are free at once. Throws `unknownBooking` or `alreadyCancelled`.
    func cancel(_ booking: Booking) async throws

    /// Free seats per section (an expired hold's seats count as free). May be served by a
    /// replica, so a little stale. Throws `unknownEvent`.
    func availability(event: UInt64) async throws -> Availability

    /// `user`'s bookings that are not cancelled, by event and id.
    func bookings(user: UInt64) async throws -> [Booking]

    /// Books every leg (events usually on different shards) for `user`, or none: if a leg fails,
    /// what the others took is undone before this throws that leg's error (`invalidTrip` for no
    /// legs or two on one event). Returns the bookings in leg order.
    func bookTrip(_ legs: [TripLeg], user: UInt64) async throws -> [Booking]

    /// Joins `event`'s virtual waiting room (stretch goal; the default admits at once): the
    /// ticket says whether `user` may book now or their place in line. A buyer has one place per
    /// room: entering again while in it (a retry after a timeout or a failover) returns that
    /// ticket, never a second one. Throws `waitingRoomFull` when the line is at
    /// `BookingLimits.waitingRoomCapacity`.
    func enterWaitingRoom(event: UInt64, user: UInt64) async throws -> WaitingRoomTicket

    /// `ticket` as the room sees it now: admitted, or its current place in line. Throws
    /// `unknownTicket` for a ticket that left, lapsed, or is not this room's.
    func waitingRoomStatus(_ ticket: WaitingRoomTicket) async throws -> WaitingRoomTicket

    /// Leaves the room (booked, or gave up): an admitted ticket's place goes to the next in line.
    /// Leaving twice is harmless.
    func leaveWaitingRoom(_ ticket: WaitingRoomTicket) async throws
}
