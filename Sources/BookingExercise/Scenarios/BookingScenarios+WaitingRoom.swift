import ExerciseKit
import LoadGenerator
import ScaleCore

extension BookingScenarios {
    /// Longest a buyer waits in line before giving up (counted as turned away).
    static let queueWaitNanosMax: UInt64 = 10_000_000_000
    /// Most times a buyer asks the room before giving up: a limit on the polling loop.
    static let queuePollsMax = 10_000

    static let waitingRoomMetrics = [
        TargetMetric("waitingRoomQueueMillisP50", label: "queue p50", unit: .milliseconds, polarity: .prefersSmaller),
        TargetMetric("waitingRoomQueueMillisP99", label: "queue p99", unit: .milliseconds, polarity: .prefersSmaller),
        TargetMetric("waitingRoomAdmitted", label: "admitted", unit: .count, polarity: nil),
        TargetMetric("waitingRoomTurnedAway", label: "turned away", unit: .count, polarity: .prefersSmaller),
        TargetMetric("waitingRoomPollsPerBuyer", label: "polls/buyer", unit: .ratio, polarity: .prefersSmaller),
    ]

    /// A buyer of the hot event: enters its waiting room, asks again when the room says until
    /// admitted, holds and confirms, and leaves (a design without a room admits at once).
    static let bookThroughWaitingRoom: @Sendable (any BookingService, LoadOperation, ScenarioRun) async throws -> Void = { service, operation, run in
        let state = try state(run)
        let event = state.catalog.seat(operation.key, keyCount: state.keyCount).event
        let startNanos = MonotonicClock.nowNanos()
        var ticket: WaitingRoomTicket
        do {
            ticket = try await service.enterWaitingRoom(event: event, user: state.waitingRoom.nextBuyer())
        } catch let error as BookingError where error.code == .waitingRoomFull {
            state.waitingRoom.turnedAway(polls: 0)
            throw error
        }
        guard ticket.id != 0 else { return try await book(service, key: operation.key, state: state) }
        do {
            var polls = 0
            while !ticket.isAdmitted {
                guard polls < queuePollsMax, MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos()) < queueWaitNanosMax else {
                    state.waitingRoom.turnedAway(polls: polls)
                    throw GaveUpWaiting()
                }
                await PreciseSleeper.shared.sleep(nanos: ticket.retryAfterNanos)
                ticket = try await service.waitingRoomStatus(ticket)
                polls += 1
            }
            state.waitingRoom.admitted(queueNanos: MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos()), polls: polls)
            try await book(service, key: operation.key, state: state)
        } catch {
            try? await service.leaveWaitingRoom(ticket)
            throw error
        }
        try await service.leaveWaitingRoom(ticket)
    }
}

/// A buyer who waited `BookingScenarios.queueWaitNanosMax` without being let in.
struct GaveUpWaiting: Error, LabeledError {
    var errorKindLabel: String { "gaveUpWaiting" }
}
