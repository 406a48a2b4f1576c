import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct QueueStateMachineTests {
    private let backoff = RetryBackoff(baseDelayNanos: 100, multiplier: 2, maxDelayNanos: 1_000, jitterFraction: 0.5)

    private func makeMachine(maxDepth: Int = 10, maxAttempts: Int = 4, seed: UInt64 = 7) -> WorkQueueStateMachine {
        WorkQueueStateMachine(
            configuration: WorkQueueConfiguration(maxDepth: maxDepth, visibilityTimeoutNanos: 1_000, maxAttempts: maxAttempts, backoff: backoff),
            seed: seed
        )
    }

    @Test func deliversDueMessagesInOrderUnderFreshLeases() {
        var machine = makeMachine()
        machine.enqueued(id: 2, idempotencyKey: "b", enqueuedAtNanos: 0, availableAtNanos: 0)
        machine.enqueued(id: 1, idempotencyKey: "a", enqueuedAtNanos: 0, availableAtNanos: 0)
        machine.enqueued(id: 3, idempotencyKey: "c", enqueuedAtNanos: 0, availableAtNanos: 50)
        let first = machine.nextDelivery(nowNanos: 10)
        let second = machine.nextDelivery(nowNanos: 10)
        #expect(first?.id == 1 && second?.id == 2)
        #expect(first?.lease != second?.lease)
        #expect(first?.attempt == 1)
        #expect(first?.deadlineNanos == 1_010)
        #expect(machine.nextDelivery(nowNanos: 10) == nil, "message 3 is not due yet")
        #expect(machine.nextDueNanos() == 50)
        #expect(machine.nextDelivery(nowNanos: 50)?.id == 3)
        #expect(machine.inFlightCount == 3 && machine.readyCount == 0)
        #expect(machine.completed(id: 1, nowNanos: 60) == .done(id: 1, latencyNanos: 60))
        #expect(machine.depth == 2)
        machine.checkInvariants()
    }

    @Test func alwaysFailingMessageIsDeadLetteredWithTheBackoffSchedule() throws {
        var machine = makeMachine(maxAttempts: 4, seed: 99)
        // The same seed drawn in the same order gives the expected jitter.
        var expectedJitter = SeededGenerator(seed: 99)
        machine.enqueued(id: 1, idempotencyKey: "poison", enqueuedAtNanos: 0, availableAtNanos: 0)
        var nowNanos: UInt64 = 0
        var delays: [UInt64] = []
        for attempt in 1...4 {
            let deliveryCandidate = machine.nextDelivery(nowNanos: nowNanos)
            let delivery = try #require(deliveryCandidate)
            #expect(delivery.attempt == attempt)
            let action = machine.failed(id: 1, lease: delivery.lease, nowNanos: nowNanos)
            if attempt < 4 {
                let expected = backoff.delayNanos(afterFailure: attempt, unitRandom: expectedJitter.nextUnitDouble())
                #expect(action == .retry(id: 1, failedAttempt: attempt, delayNanos: expected, availableAtNanos: nowNanos + expected))
                delays.append(expected)
                #expect(machine.nextDelivery(nowNanos: nowNanos + expected - 1) == nil, "delivered before its backoff ended")
                nowNanos += expected
            } else {
                #expect(action == .deadLetter(id: 1, attempts: 4))
            }
        }
        // Nominal 100, 200, 400 ns, each jittered down by at most half.
        let nominal: [UInt64] = [100, 200, 400]
        for (delay, nominal) in zip(delays, nominal) {
            #expect(delay > nominal / 2 && delay <= nominal)
        }
        #expect(machine.depth == 0)
        #expect(machine.deadLetterCount == 1)
        #expect(machine.retryCount == 3)
        machine.checkInvariants()
    }

    @Test func backoffGrowsExponentiallyUpToItsCap() {
        let noJitter = RetryBackoff(baseDelayNanos: 100, multiplier: 3, maxDelayNanos: 1_000, jitterFraction: 0)
        #expect((1...5).map { noJitter.nominalDelayNanos(afterFailure: $0) } == [100, 300, 900, 1_000, 1_000])
        #expect(noJitter.delayNanos(afterFailure: 2, unitRandom: 0.99) == 300)
        let fullJitter = RetryBackoff(baseDelayNanos: 100, multiplier: 2, maxDelayNanos: 1_000, jitterFraction: 1)
        #expect(fullJitter.delayNanos(afterFailure: 1, unitRandom: 0.25) == 75)
        #expect(RetryBackoff(baseDelayNanos: 1, multiplier: 2, maxDelayNanos: .max, jitterFraction: 0).nominalDelayNanos(afterFailure: 10_000) == .max)
    }

    @Test func sameSeedSameScheduleOtherSeedOtherSchedule() {
        func schedule(seed: UInt64) -> [FailureSchedule] {
            var machine = makeMachine(maxAttempts: 10, seed: seed)
            machine.enqueued(id: 1, idempotencyKey: "k", enqueuedAtNanos: 0, availableAtNanos: 0)
            var result: [FailureSchedule] = []
            var nowNanos: UInt64 = 0
            while let delivery = machine.nextDelivery(nowNanos: nowNanos) {
                let action = machine.failed(id: 1, lease: delivery.lease, nowNanos: nowNanos)
                result.append(FailureSchedule(action: action))
                if case .retry(_, _, _, let availableAtNanos) = action { nowNanos = availableAtNanos }
            }
            return result
        }
        #expect(schedule(seed: 1) == schedule(seed: 1))
        #expect(schedule(seed: 1) != schedule(seed: 2))
    }

    private struct FailureSchedule: Equatable {
        var action: WorkQueueStateMachine.FailureAction
    }

    @Test func anExpiredLeaseRedeliversAndTheSlowWorkersReportsAreHandled() throws {
        var machine = makeMachine()
        machine.enqueued(id: 1, idempotencyKey: "slow", enqueuedAtNanos: 0, availableAtNanos: 0)
        let firstCandidate = machine.nextDelivery(nowNanos: 0)
        let first = try #require(firstCandidate)
        #expect(machine.expireLeases(nowNanos: 999).isEmpty)
        let expired = machine.expireLeases(nowNanos: 1_000)
        #expect(expired.count == 1)
        guard case .retry(1, 1, _, let availableAtNanos)? = expired.first else {
            Issue.record("expected a retry, got \(expired)")
            return
        }
        #expect(machine.leaseExpiryCount == 1)
        let secondCandidate = machine.nextDelivery(nowNanos: availableAtNanos)
        let second = try #require(secondCandidate)
        #expect(second.attempt == 2 && second.lease != first.lease)
        // The slow first worker fails late: its lease is stale, the second delivery stands.
        #expect(machine.failed(id: 1, lease: first.lease, nowNanos: availableAtNanos) == .staleLease(id: 1))
        #expect(machine.state(of: 1) == .inFlight(lease: second.lease, deadlineNanos: second.deadlineNanos))
        // Whichever delivery commits first completes the message; the other finds it gone.
        #expect(machine.completed(id: 1, nowNanos: availableAtNanos + 5) == .done(id: 1, latencyNanos: availableAtNanos + 5))
        #expect(machine.completed(id: 1, nowNanos: availableAtNanos + 6) == .notPending(id: 1))
        #expect(machine.failed(id: 1, lease: second.lease, nowNanos: 0) == .staleLease(id: 1))
        machine.checkInvariants()
    }

    @Test func leaseExpiryOnTheLastAttemptDeadLetters() throws {
        var machine = makeMachine(maxAttempts: 1)
        machine.enqueued(id: 5, idempotencyKey: "once", enqueuedAtNanos: 0, availableAtNanos: 0)
        let deliveredCandidate = machine.nextDelivery(nowNanos: 0)
        _ = try #require(deliveredCandidate)
        #expect(machine.expireLeases(nowNanos: 5_000) == [.deadLetter(id: 5, attempts: 1)])
        #expect(machine.depth == 0)
    }

    @Test func admissionIsBoundedAndDeduplicatesPendingKeys() throws {
        var machine = makeMachine(maxDepth: 2)
        #expect(machine.admit(idempotencyKey: "a") == .accept)
        machine.enqueued(id: 1, idempotencyKey: "a", enqueuedAtNanos: 0, availableAtNanos: 0)
        #expect(machine.admit(idempotencyKey: "a") == .duplicate(existingID: 1))
        machine.enqueued(id: 2, idempotencyKey: "b", enqueuedAtNanos: 0, availableAtNanos: 0)
        #expect(machine.admit(idempotencyKey: "c") == .full(depth: 2))
        let deliveryCandidate = machine.nextDelivery(nowNanos: 0)
        let delivery = try #require(deliveryCandidate)
        #expect(machine.admit(idempotencyKey: "c") == .full(depth: 2), "in-flight messages count towards depth")
        _ = machine.completed(id: delivery.id, nowNanos: 1)
        #expect(machine.admit(idempotencyKey: "c") == .accept)
        #expect(machine.admit(idempotencyKey: "a") == .accept, "a finished key is no longer pending")
        let discardedFirst = machine.discard(id: 2)
        let discardedAgain = machine.discard(id: 2)
        #expect(discardedFirst && !discardedAgain)
        #expect(machine.depth == 0)
    }

    @Test func recoveredMessagesKeepTheirAttemptCount() throws {
        var machine = makeMachine(maxAttempts: 3)
        machine.enqueued(id: 9, idempotencyKey: "r", enqueuedAtNanos: 0, attempts: 2, availableAtNanos: 0)
        let deliveryCandidate = machine.nextDelivery(nowNanos: 0)
        let delivery = try #require(deliveryCandidate)
        #expect(delivery.attempt == 3)
        #expect(machine.failed(id: 9, lease: delivery.lease, nowNanos: 0) == .deadLetter(id: 9, attempts: 3))
    }

    @Test func randomEventsKeepTheMachineConsistent() {
        var machine = makeMachine(maxDepth: 50, maxAttempts: 3, seed: 3)
        var generator = SeededGenerator(seed: 11)
        var nextID: UInt64 = 1
        var nowNanos: UInt64 = 0
        var inFlight: [WorkQueueStateMachine.Delivery] = []
        var finished = 0
        for _ in 0..<20_000 {
            nowNanos += generator.next() % 50
            switch generator.next() % 5 {
            case 0:
                if machine.admit(idempotencyKey: "k\(nextID)") == .accept {
                    machine.enqueued(id: nextID, idempotencyKey: "k\(nextID)", enqueuedAtNanos: nowNanos, availableAtNanos: nowNanos)
                    nextID += 1
                }
            case 1:
                if let delivery = machine.nextDelivery(nowNanos: nowNanos) { inFlight.append(delivery) }
            case 2:
                if !inFlight.isEmpty {
                    let delivery = inFlight.remove(at: Int(generator.next() % UInt64(inFlight.count)))
                    if case .done = machine.completed(id: delivery.id, nowNanos: nowNanos) { finished += 1 }
                }
            case 3:
                if !inFlight.isEmpty {
                    let delivery = inFlight.remove(at: Int(generator.next() % UInt64(inFlight.count)))
                    if case .deadLetter = machine.failed(id: delivery.id, lease: delivery.lease, nowNanos: nowNanos) { finished += 1 }
                }
            default:
                for action in machine.expireLeases(nowNanos: nowNanos) {
                    if case .deadLetter = action { finished += 1 }
                }
            }
            #expect(machine.depth <= 50)
        }
        machine.checkInvariants()
        #expect(Int(nextID - 1) == finished + machine.depth, "every message is pending, done or dead exactly once")
    }
}
