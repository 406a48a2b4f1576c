import ExerciseKit
import LoadGenerator
import ScaleCore

/// The BookingService workloads. Key `k` is one seat (`BookingCatalog`); a "book" is a hold of
/// that seat and its confirm, by user `k % 64`.
public enum BookingScenarios {
    public static let all: [Scenario<any BookingService>] = [uniform, hotEvent, onSaleBurst, abandonedHolds, browsing, trips, failoverBurst]

    /// Users a scenario's bookings spread over (few enough to read all their bookings afterwards).
    static let userCount: UInt64 = 64
    /// A hold that is confirmed right away.
    static let bookingTTL = Duration.seconds(60)
    /// A hold nobody confirms: its seat is free again soon.
    static let abandonedTTL = Duration.milliseconds(20)

    static let bookingMetrics = [
        TargetMetric("bookingsPerSecond", label: "bookings/s", unit: .ratio, polarity: .prefersLarger),
        TargetMetric("contentionFailures", label: "seat taken", unit: .fraction, polarity: .prefersSmaller),
        TargetMetric("oversells", label: "oversells", unit: .count, polarity: .prefersSmaller),
        TargetMetric("hotShardLoadShare", label: "hot node share", unit: .fraction, polarity: .prefersSmaller),
        TargetMetric("cpuCores", label: "cores busy", unit: .ratio, polarity: nil),
        TargetMetric("cpuMicrosPerBooking", label: "cpu µs/booking", unit: .ratio, polarity: .prefersSmaller),
    ]

    /// Creates the catalogue's events through the service and keeps the cell's state.
    static func prepare(
        _ catalog: BookingCatalog, keepsBookings: Bool = false, countsPerEvent: Bool = false
    ) -> @Sendable (any BookingService, ScenarioRun) async throws -> Void {
        { service, run in
            let events = catalog.events(keyCount: run.keyCount)
            try await ConcurrentLoader.load(count: UInt64(events.count), concurrency: 8) { index in try await service.createEvent(events[Int(index)]) }
            run.attach(BookingRunState(catalog: catalog, keyCount: run.keyCount, keepsBookings: keepsBookings, countsPerEvent: countsPerEvent))
        }
    }

    static func state(_ run: ScenarioRun) throws -> BookingRunState {
        guard let state = run.attached(as: BookingRunState.self) else { throw ExerciseError("booking scenario state missing: prepare did not run") }
        return state
    }

    /// Holds key `key`'s seat for `ttl`; a taken seat is counted and rethrown.
    static func hold(_ service: any BookingService, key: UInt64, ttl: Duration, state: BookingRunState) async throws -> Hold {
        let (event, seat) = state.catalog.seat(key, keyCount: state.keyCount)
        do {
            let hold = try await service.hold(event: event, seats: [seat], user: key % userCount, ttl: ttl)
            state.attempted(refusedTaken: false)
            return hold
        } catch let error as BookingError where error.code == .seatTaken {
            state.attempted(refusedTaken: true)
            throw error
        }
    }

    /// Holds key `key`'s seat and confirms it.
    static func book(_ service: any BookingService, key: UInt64, state: BookingRunState) async throws {
        let hold = try await hold(service, key: key, ttl: bookingTTL, state: state)
        state.booked(try await service.confirm(hold, idempotencyKey: "k\(hold.id)"))
    }

    static let bookOne: @Sendable (any BookingService, LoadOperation, ScenarioRun) async throws -> Void = { service, operation, run in
        try await book(service, key: operation.key, state: try state(run))
    }

    /// The counted figures of the cell.
    static let countedMetrics: @Sendable (any BookingService, Cluster, ScenarioRun, ScenarioWindow) async throws -> [String: Double] = { _, _, run, window in
        try state(run).metrics(figures(window))
    }

    static func figures(_ window: ScenarioWindow) -> ScenarioWindowFigures {
        let total = window.nodeOperations.reduce(0, +)
        return ScenarioWindowFigures(
            seconds: Double(window.elapsedNanos) / 1e9,
            busiestNodeShare: total == 0 ? 0 : Double(window.nodeOperations.max() ?? 0) / Double(total)
        )
    }

    static let uniform = Scenario<any BookingService>(
        name: "uniform", summary: "hold+confirm of one seat, uniform over many 200-seat events (against the floor's same transaction)",
        mix: .single("book"),
        prepare: prepare(.manyEvents), perform: bookOne, finish: countedMetrics, metrics: bookingMetrics
    )

    static let hotEvent = Scenario<any BookingService>(
        name: "hot-event", summary: "every client books on one stadium event of 32 sections, any seat (uniform), through its waiting room if the design has one: what one event's bookings/s can reach",
        mix: .single("book"),
        keyDistribution: .uniform,
        prepare: prepare(.hotEvent), perform: bookThroughWaitingRoom, finish: countedMetrics, metrics: bookingMetrics + waitingRoomMetrics
    )

    static let onSaleBurst = Scenario<any BookingService>(
        name: "on-sale-burst", summary: "every client on one event of 32 sections, 90% of them after the best 10% of its seats, through its waiting room if the design has one",
        mix: .single("book"),
        keyDistribution: .hotspot(hotKeyFraction: 0.1, hotOpFraction: 0.9),
        prepare: prepare(.hotEvent), perform: bookThroughWaitingRoom, finish: countedMetrics, metrics: bookingMetrics + waitingRoomMetrics
    )

    static let abandonedHolds = Scenario<any BookingService>(
        name: "abandoned-holds", summary: "60% of holds are never confirmed (20 ms TTL) and must free their seats; 40% hold+confirm",
        mix: OperationMix([.init(name: "abandon", weight: 60), .init(name: "book", weight: 40)]),
        prepare: prepare(.manyEvents),
        perform: { service, operation, run in
            let state = try state(run)
            guard operation.kindIndex == 0 else { return try await book(service, key: operation.key, state: state) }
            _ = try await hold(service, key: operation.key, ttl: abandonedTTL, state: state)
        },
        finish: countedMetrics, metrics: bookingMetrics
    )

    static let browsing = Scenario<any BookingService>(
        name: "browsing", summary: "90% availability(event), 10% hold+confirm over many events; a read showing seats sold before it began is stale",
        mix: OperationMix([.init(name: "availability", weight: 90), .init(name: "book", weight: 10)]),
        prepare: prepare(.manyEvents, countsPerEvent: true),
        perform: { service, operation, run in
            let state = try state(run)
            guard operation.kindIndex == 0 else { return try await book(service, key: operation.key, state: state) }
            let event = state.catalog.seat(operation.key, keyCount: state.keyCount).event
            let bookedBefore = state.bookedSoFar(event: event)
            let availability = try await service.availability(event: event)
            state.read(free: availability.free, capacity: BookingCatalog.seatsPerSmallEvent, bookedBefore: bookedBefore)
        },
        finish: countedMetrics,
        metrics: bookingMetrics + [TargetMetric("staleAvailabilityReads", label: "stale avail", unit: .fraction, polarity: .prefersSmaller)]
    )
}
