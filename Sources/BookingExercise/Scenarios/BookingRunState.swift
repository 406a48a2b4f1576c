import ScaleCore
import Synchronization

/// What a booking scenario's operations record for one bench cell: acknowledged bookings (to
/// find a seat sold twice, or a booking a failover lost), refusals, failed trips, stale reads.
final class BookingRunState: Sendable {
    /// A seat of an event, as acknowledged bookings name it.
    struct SeatRef: Hashable {
        var event: UInt64
        var seat: Seat
    }

    let catalog: BookingCatalog
    let keyCount: UInt64
    private let soldSeats = Locked<Set<SeatRef>>([])
    static let soldSeatsReservedMax: UInt64 = 1 << 20
    private let oversellCount = Atomic<Int>(0)
    private let bookingCount = Atomic<Int>(0)
    private let attemptCount = Atomic<Int>(0)
    private let takenCount = Atomic<Int>(0)
    private let readCount = Atomic<Int>(0)
    private let staleReadCount = Atomic<Int>(0)
    /// Per event index (manyEvents, when a scenario reads it): bookings acknowledged so far.
    private let bookedPerEvent: Locked<[Int]>
    private let countsPerEvent: Bool
    /// Every acknowledged booking, kept when the scenario verifies them afterwards.
    private let acknowledged = Locked<[Booking]>([])
    private let keepsBookings: Bool
    private let eventCount: Int
    /// Users of trips that failed: none of them may hold a booking afterwards.
    private let failedTripUsers = Locked<[UInt64]>([])
    /// Queue times and admissions of the waiting room, when the design has one.
    let waitingRoom = WaitingRoomTally()

    /// The process's CPU time when the load began: CPU used per booking, and cores busy.
    private let cpuNanosAtStart = CPUClock.processNanos()

    init(catalog: BookingCatalog, keyCount: UInt64, keepsBookings: Bool = false, countsPerEvent: Bool = false) {
        self.catalog = catalog
        self.keyCount = keyCount
        self.keepsBookings = keepsBookings
        self.countsPerEvent = countsPerEvent
        eventCount = catalog.events(keyCount: keyCount).count
        bookedPerEvent = Locked(Array(repeating: 0, count: eventCount))
        // Sized up front: rehashing a set of every seat sold so far showed in profiles of the load.
        soldSeats.withLock { $0.reserveCapacity(Int(min(keyCount, Self.soldSeatsReservedMax))) }
    }

    /// Counts a hold attempt and whether it was refused because a seat was taken.
    func attempted(refusedTaken: Bool) {
        attemptCount.add(1, ordering: .relaxed)
        if refusedTaken { takenCount.add(1, ordering: .relaxed) }
    }

    /// Records an acknowledged booking; a seat already sold to another booking is an oversell.
    func booked(_ booking: Booking) {
        bookingCount.add(1, ordering: .relaxed)
        let refs = booking.seats.map { SeatRef(event: booking.event, seat: $0) }
        let sold = soldSeats.withLock { seats in refs.filter { !seats.insert($0).inserted }.count }
        if sold > 0 { oversellCount.add(sold, ordering: .relaxed) }
        if countsPerEvent, case .manyEvents = catalog, let index = eventIndex(booking.event) {
            bookedPerEvent.withLock { $0[index] += booking.seats.count }
        }
        if keepsBookings { acknowledged.withLock { $0.append(booking) } }
    }

    /// Seats of small event `event` acknowledged as booked so far (manyEvents with `countsPerEvent` only).
    func bookedSoFar(event: UInt64) -> Int {
        guard let index = eventIndex(event) else { return 0 }
        return bookedPerEvent.withLock { $0[index] }
    }

    /// Counts an availability read; stale when it shows more free seats than the bookings
    /// acknowledged before it started leave.
    func read(free: Int, capacity: Int, bookedBefore: Int) {
        readCount.add(1, ordering: .relaxed)
        if free > capacity - bookedBefore { staleReadCount.add(1, ordering: .relaxed) }
    }

    func tripFailed(user: UInt64) {
        failedTripUsers.withLock { $0.append(user) }
    }

    var failedTrips: [UInt64] { failedTripUsers.withLock { $0 } }
    var acknowledgedBookings: [Booking] { acknowledged.withLock { $0 } }

    /// The counted figures, rates over `window`.
    func metrics(_ window: ScenarioWindowFigures) -> [String: Double] {
        let attempts = attemptCount.load(ordering: .relaxed)
        let reads = readCount.load(ordering: .relaxed)
        let bookings = bookingCount.load(ordering: .relaxed)
        let cpuSeconds = Double(CPUClock.processNanos() &- cpuNanosAtStart) / 1e9
        var metrics: [String: Double] = [
            "bookingsPerSecond": window.seconds > 0 ? Double(bookings) / window.seconds : 0,
            "cpuCores": window.seconds > 0 ? cpuSeconds / window.seconds : 0,
            "cpuMicrosPerBooking": bookings > 0 ? cpuSeconds * 1e6 / Double(bookings) : 0,
            "oversells": Double(oversellCount.load(ordering: .relaxed)),
            "contentionFailures": attempts == 0 ? 0 : Double(takenCount.load(ordering: .relaxed)) / Double(attempts),
            "hotShardLoadShare": window.busiestNodeShare,
        ]
        if reads > 0 { metrics["staleAvailabilityReads"] = Double(staleReadCount.load(ordering: .relaxed)) / Double(reads) }
        metrics.merge(waitingRoom.metrics()) { $1 }
        return metrics
    }

    private func eventIndex(_ event: UInt64) -> Int? {
        guard event >= 1 else { return nil }
        let index = Int(event - 1)
        return index < eventCount ? index : nil
    }
}

/// The parts of a `ScenarioWindow` the booking metrics use.
struct ScenarioWindowFigures {
    var seconds: Double
    var busiestNodeShare: Double
}
