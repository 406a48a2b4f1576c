import ExerciseKit
import ScaleCore

extension BookingChecks {
    static let noSeatSoldTwice = Check<any BookingService>(
        "no-seat-sold-twice",
        "8 clients race over jittery links for the same best seats (12 events, 4 seats each, holds of 2 adjacent seats then confirms): no seat is confirmed to two bookings, and every booking is a hold its client was granted"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any BookingService>.jitteryNetwork)
        let log = OperationLog<BookingOperation, BookingOutcome>()
        let labels = BookingLabels()
        for round in 0..<12 {
            let id = UInt64(1_000 + round * 37)
            try await service.createEvent(event(id, sections: 1, rows: 1, perRow: 4))
            try await race(service, log: log, labels: labels, clients: 8, attempts: 2, round: round, context: context) { generator in
                let first = Int(generator.next() % 3)
                return (id, [seat(0, 0, first), seat(0, 0, first + 1)])
            }
        }
        try requireNoSeatSoldTwice(log, context: context)
    }

    static let confirmedWithinCapacity = Check<any BookingService>(
        "confirmed-within-capacity",
        "8 clients race over jittery links to book any seat of small events (8 events of 6 seats, 4 attempts each): the seats confirmed never exceed an event's capacity, and availability then counts exactly the rest free"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any BookingService>.jitteryNetwork)
        let log = OperationLog<BookingOperation, BookingOutcome>()
        let labels = BookingLabels()
        for round in 0..<8 {
            let id = UInt64(2_000 + round * 41)
            try await service.createEvent(event(id, sections: 1, rows: 2, perRow: 3))
            try await race(service, log: log, labels: labels, clients: 8, attempts: 4, round: round, context: context) { generator in
                (id, [seat(0, Int(generator.next() % 2), Int(generator.next() % 3))])
            }
            let sold = log.snapshot.reduce(0) { count, operation in
                guard case .confirm = operation.input, case .booked(let view) = operation.output, view.event == id else { return count }
                return count + view.seats.count
            }
            let confirms = log.snapshot.filter { if case .confirm = $0.input, case .booked(let view) = $0.output { view.event == id } else { false } }
            let uniqueSold = Set(confirms.compactMap { if case .booked(let view) = $0.output { view.label } else { nil } }).count
            guard sold <= 6 else {
                throw CheckFailure(
                    "event \(id): \(uniqueSold) confirms acknowledged \(sold) seats, but its capacity is 6: seats were sold beyond capacity",
                    evidence: confirms.map(\.event)
                )
            }
            let free = try await service.availability(event: id).free
            try context.require(free == 6 - sold, "event \(id): \(sold) seats confirmed, so 6 - \(sold) are free, but availability says \(free)")
        }
    }

    /// `clients` clients each try `attempts` times to hold the seats `pick` draws, then confirm them.
    static func race(
        _ target: any BookingService, log: OperationLog<BookingOperation, BookingOutcome>, labels: BookingLabels, clients: Int, attempts: Int,
        round: Int, context: CheckContext<any BookingService>, pick: @escaping @Sendable (inout SeededGenerator) -> (UInt64, [Seat])
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var generator = context.generator(stream: round * 64 + client + 1)
                    for attempt in 0..<attempts {
                        let (event, seats) = pick(&generator)
                        let label = ((round * 64 + client) * 16 + attempt) * 4 + 1
                        let user = UInt64(client + 1)
                        let hold = BookingOperation.hold(label: label, event: event, seats: seats, user: user, ttl: longTTL)
                        guard case .held = try await log.record(client: client, hold, { try await hold.run(on: target, labels: labels) }) else { continue }
                        let confirm = BookingOperation.confirm(label: label + 1, hold: label, event: event, seats: seats, user: user, key: "c\(label)", tampered: false)
                        try await log.record(client: client, confirm) { try await confirm.run(on: target, labels: labels) }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Fails when two acknowledged bookings share a seat, showing both confirms (and their holds),
    /// or when a booking is not for the seats and user of the hold it confirmed.
    static func requireNoSeatSoldTwice(_ log: OperationLog<BookingOperation, BookingOutcome>, context: CheckContext<any BookingService>) throws {
        let operations = log.snapshot
        try context.require(!log.isFull, "the check recorded more than \(log.capacity) operations (a check bug)")
        var soldTo: [BookingModel.SeatKey: TimedOperation<BookingOperation, BookingOutcome>] = [:]
        for operation in operations {
            guard case .confirm(_, let holdLabel, let event, let seats, let user, _, _) = operation.input, case .booked(let view) = operation.output else { continue }
            guard view.event == event, view.seats == seats.sorted(), view.user == user else {
                throw CheckFailure("confirming hold H\(holdLabel) (event \(event), \(seats), user \(user)) booked \(view): not what the hold held", evidence: [operation.event])
            }
            for seat in view.seats {
                let key = BookingModel.SeatKey(event: event, seat: seat)
                if let earlier = soldTo[key], earlier.output != operation.output {
                    let holds = operations.filter { candidate in
                        guard case .hold(let label, _, _, _, _) = candidate.input else { return false }
                        return [earlier, operation].contains { if case .confirm(_, let hold, _, _, _, _, _) = $0.input { hold == label } else { false } }
                    }
                    let evidence = (holds + [earlier, operation]).sorted { $0.invokedAtNanos < $1.invokedAtNanos }.map(\.event)
                    throw CheckFailure(
                        "seat \(seat) of event \(event) was sold twice: \(earlier.input) → \(earlier.output) by client \(earlier.client), and \(operation.input) → \(operation.output) by client \(operation.client); both confirms were acknowledged",
                        evidence: evidence
                    )
                }
                soldTo[key] = operation
            }
        }
    }
}
