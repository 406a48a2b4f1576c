import ExerciseKit
import LoadGenerator
import ScaleCore

extension BookingScenarios {
    /// Parking events pair with the concerts: event `parkingBase + i` for concert `1 + i`.
    static let parkingBase: UInt64 = 2_000_000_000
    /// A sold-out parking lot: every tenth trip asks for one of its spaces and must fail whole.
    static let soldOutLot = Event(id: 3_000_000_000, name: "Sold-out lot", sections: [Section(rowCount: 4, seatsPerRow: 16)])
    static let lotOwner: UInt64 = 999_999_999

    static let trips = Scenario<any BookingService>(
        name: "trips", summary: "bookTrip of a concert seat and a parking space (another event, most often another shard); every 10th asks for a sold-out lot and must leave no leg",
        mix: .single("trip"),
        prepare: { service, run in
            try await prepare(.manyEvents)(service, run)
            let parking = BookingCatalog.manyEvents.events(keyCount: run.keyCount).map { Event(id: parkingBase + $0.id - 1, name: "Parking for \($0.id)", sections: $0.sections) }
            try await ConcurrentLoader.load(count: UInt64(parking.count), concurrency: 8) { index in try await service.createEvent(parking[Int(index)]) }
            try await service.createEvent(soldOutLot)
            let lotSeats = (0..<4).flatMap { row in (0..<16).map { Seat(section: 0, row: row, number: $0) } }
            let hold = try await service.hold(event: soldOutLot.id, seats: lotSeats, user: lotOwner, ttl: bookingTTL)
            _ = try await service.confirm(hold, idempotencyKey: "lot")
        },
        perform: { service, operation, run in
            let state = try state(run)
            let (concert, seat) = state.catalog.seat(operation.key, keyCount: state.keyCount)
            let parking = operation.key % 10 == 0
                ? TripLeg(event: soldOutLot.id, seats: [Seat(section: 0, row: Int(operation.key / 10 % 4), number: Int(operation.key % 16))])
                : TripLeg(event: parkingBase + concert - 1, seats: [seat])
            let user = run.nextSequenceNumber()
            do {
                for booking in try await service.bookTrip([TripLeg(event: concert, seats: [seat]), parking], user: user) { state.booked(booking) }
                state.attempted(refusedTaken: false)
            } catch {
                state.tripFailed(user: user)
                state.attempted(refusedTaken: (error as? BookingError)?.code == .seatTaken)
                throw error
            }
        },
        finish: { service, _, run, window in
            let state = try state(run)
            var orphaned = 0
            for user in state.failedTrips { orphaned += try await service.bookings(user: user).count }
            var metrics = state.metrics(figures(window))
            metrics["orphanedTripLegs"] = Double(orphaned)
            return metrics
        },
        metrics: bookingMetrics + [TargetMetric("orphanedTripLegs", label: "orphaned legs", unit: .count, polarity: .prefersSmaller)]
    )

    static let failoverBurst = Scenario<any BookingService>(
        name: "failover-burst", summary: "the on-sale burst while the primary of the hot event's shard crashes after 0.5 s (with --replicas 3); every acknowledged booking must survive",
        mix: .single("book"),
        keyDistribution: .hotspot(hotKeyFraction: 0.1, hotOpFraction: 0.9),
        prepare: prepare(.hotEvent, keepsBookings: true), perform: bookOne,
        duringLoad: { _, cluster in
            guard cluster.configuration.replicaCount > 1 else { return [:] }
            await PreciseSleeper.shared.sleep(nanos: 500_000_000)
            let shard = try cluster.shardMap().route(for: PartitionKey(BookingCatalog.hotEventID)).writeShard
            let startNanos = MonotonicClock.nowNanos()
            let crashed = try cluster.faults.crashPrimary(of: shard)
            guard await cluster.faults.waitForNewPrimary(of: shard, awayFrom: crashed) else { return ["failoverMillis": -1] }
            return ["failoverMillis": Double(MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())) / 1e6]
        },
        finish: { service, _, run, window in
            let state = try state(run)
            var lost = 0
            let byUser = Dictionary(grouping: state.acknowledgedBookings, by: \.user)
            for (user, acknowledged) in byUser {
                // Ids are unique within a section: compare whole bookings.
                let present = Set(try await service.bookings(user: user))
                lost += acknowledged.filter { !present.contains($0) }.count
            }
            var metrics = state.metrics(figures(window))
            metrics["bookingsLostAtFailover"] = Double(lost)
            return metrics
        },
        metrics: bookingMetrics + [
            TargetMetric("bookingsLostAtFailover", label: "acked bookings lost", unit: .count, polarity: .prefersSmaller),
            TargetMetric("failoverMillis", label: "failover", unit: .milliseconds, polarity: .prefersSmaller),
        ]
    )
}
