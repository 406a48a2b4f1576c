import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct QueueRuntimeTests {
    @Test func workersProcessEveryMessageOnceAndRecordMetrics() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let queue = try WorkQueue(node: fixture.node, clock: SystemNanoClock())
        for index in 0..<20 { try await queue.enqueue(payload("m\(index)")) }
        #expect(queue.metrics().depth == 20)
        let workers = Task { await queue.runWorkers(count: 3) { item in QueueFixture.bump(text(item.payload)) } }
        #expect(await eventually { queue.metrics().completed == 20 })
        workers.cancel()
        await workers.value
        #expect(try fixture.totalEffects() == 20)
        #expect(try fixture.effectCount("m7") == 1)
        let metrics = queue.metrics()
        #expect(metrics.depth == 0 && metrics.inFlight == 0)
        #expect(metrics.latencyCount == 20)
        #expect(metrics.latencyNanosP50 <= metrics.latencyNanosP99 && metrics.latencyNanosP99 <= metrics.latencyNanosMax)
        #expect(metrics.latencyNanosP50 > 0)
        #expect(metrics.depthMax == 20)
        #expect(!metrics.depthSamples.isEmpty)
    }

    @Test func anAlwaysFailingTaskEndsInTheDeadLetterQueue() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let backoff = RetryBackoff(baseDelayNanos: 2_000_000, multiplier: 2, maxDelayNanos: 1_000_000_000, jitterFraction: 0.5)
        let queue = try WorkQueue(
            node: fixture.node,
            configuration: WorkQueueConfiguration(maxAttempts: 3, backoff: backoff),
            options: WorkQueueOptions(pollIntervalNanos: 1_000_000),
            clock: SystemNanoClock()
        )
        let attempts = QueueTestLog<(attempt: Int, atNanos: UInt64)>()
        try await queue.enqueue(payload("poison"), idempotencyKey: "p-1")
        let workers = Task {
            await queue.runWorkers(count: 2) { item in
                attempts.append((item.attempt, MonotonicClock.nowNanos()))
                throw Boom()
            }
        }
        #expect(await eventually { queue.metrics().deadLetters == 1 })
        workers.cancel()
        await workers.value
        #expect(attempts.all.map(\.attempt) == [1, 2, 3])
        // Each retry waited at least its jittered-down backoff: nominal * (1 - jitterFraction).
        let timestamps = attempts.all.map(\.atNanos)
        #expect(timestamps[1] - timestamps[0] >= backoff.nominalDelayNanos(afterFailure: 1) / 2)
        #expect(timestamps[2] - timestamps[1] >= backoff.nominalDelayNanos(afterFailure: 2) / 2)
        let letters = try queue.deadLetters()
        #expect(letters.count == 1)
        #expect(letters.first?.attempts == 3)
        #expect(letters.first?.idempotencyKey == "p-1")
        #expect(letters.first.map { text($0.payload) } == "poison")
        #expect(letters.first?.lastError == "boom")
        let metrics = queue.metrics()
        #expect(metrics.retries == 2)
        #expect(metrics.depth == 0)
        #expect(metrics.completed == 0)
    }

    @Test func aTaskDeliveredTwiceTakesEffectOnce() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let clock = ManualNanoClock()
        let queue = try WorkQueue(
            node: fixture.node,
            configuration: WorkQueueConfiguration(visibilityTimeoutNanos: 1_000_000, maxAttempts: 5, backoff: RetryBackoff(baseDelayNanos: 0, jitterFraction: 0)),
            options: WorkQueueOptions(pollIntervalNanos: 1_000_000),
            clock: clock
        )
        let slowFirstDelivery = QueueTestLatch()
        let started = QueueTestLog<Int>()
        try await queue.enqueue(payload("charge"), idempotencyKey: "order-42")
        let workers = Task {
            await queue.runWorkers(count: 2) { item in
                started.append(item.attempt)
                if item.attempt == 1 { await slowFirstDelivery.wait() }
                return QueueFixture.bump(item.deduplicationKey)
            }
        }
        #expect(await eventually { started.all == [1] })
        // The first worker is too slow: its lease expires and another worker gets the message.
        clock.advance(byNanos: 2_000_000)
        queue.wakeWorkers()
        #expect(await eventually { queue.metrics().completed == 1 })
        #expect(started.all == [1, 2])
        slowFirstDelivery.open()
        #expect(await eventually { queue.metrics().duplicatesSuppressed == 1 })
        workers.cancel()
        await workers.value
        #expect(try fixture.effectCount("k:order-42") == 1)
        let metrics = queue.metrics()
        #expect(metrics.completed == 1)
        #expect(metrics.leaseExpiries == 1)
        #expect(metrics.depth == 0)
        #expect(try queue.isCompleted(deduplicationKey: "k:order-42"))
    }

    @Test func enqueueDeduplicatesIdempotencyKeys() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let queue = try WorkQueue(node: fixture.node, clock: SystemNanoClock())
        let first = try await queue.enqueue(payload("a"), idempotencyKey: "same")
        guard case .enqueued(let id) = first else {
            Issue.record("expected enqueued, got \(first)")
            return
        }
        #expect(try await queue.enqueue(payload("a"), idempotencyKey: "same") == .duplicateOfPending(id: id))
        let workers = Task { await queue.runWorkers(count: 1) { _ in .none } }
        #expect(await eventually { queue.metrics().completed == 1 })
        workers.cancel()
        await workers.value
        #expect(try await queue.enqueue(payload("a"), idempotencyKey: "same") == .alreadyCompleted)
        #expect(queue.metrics().duplicatesSuppressed == 2)
        #expect(queue.metrics().enqueued == 1)
    }

    @Test func backPressureFailsOrWaitsAtMaxDepth() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let queue = try WorkQueue(node: fixture.node, configuration: WorkQueueConfiguration(maxDepth: 2), clock: SystemNanoClock())
        try await queue.enqueue(payload("1"))
        try await queue.enqueue(payload("2"))
        await #expect(throws: WorkQueueError.self) { try await queue.enqueue(payload("3")) }
        do {
            try await queue.enqueue(payload("3"), whenFull: .fail)
        } catch let error as WorkQueueError {
            #expect(error.code == .queueFull)
        }
        #expect(queue.metrics().rejectedFull == 2)

        let waitingProducer = Task { try await queue.enqueue(payload("3"), whenFull: .wait) }
        #expect(await eventually { queue.spaceFreed.waiterCount == 1 })
        #expect(queue.metrics().depth == 2, "the waiting producer added nothing yet")
        let workers = Task { await queue.runWorkers(count: 1) { _ in .none } }
        let result = try await waitingProducer.value
        guard case .enqueued = result else {
            Issue.record("expected enqueued, got \(result)")
            return
        }
        #expect(await eventually { queue.metrics().completed == 3 })
        workers.cancel()
        await workers.value
        #expect(queue.metrics().producerWaits == 1)
        #expect(queue.metrics().depthMax == 2)
    }

    @Test func aWaitingProducerCanBeCancelledOrClosedOut() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let queue = try WorkQueue(node: fixture.node, configuration: WorkQueueConfiguration(maxDepth: 1), clock: SystemNanoClock())
        try await queue.enqueue(payload("1"))
        let cancelled = Task { try await queue.enqueue(payload("2"), whenFull: .wait) }
        #expect(await eventually { queue.spaceFreed.waiterCount == 1 })
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let closedOut = Task { try await queue.enqueue(payload("3"), whenFull: .wait) }
        #expect(await eventually { queue.spaceFreed.waiterCount == 1 })
        queue.close()
        do {
            _ = try await closedOut.value
            Issue.record("a closed queue accepted a message")
        } catch let error as WorkQueueError {
            #expect(error.code == .closed)
        }
        #expect(queue.metrics().depth == 1)
    }

    @Test func closeStopsTheWorkers() async throws {
        let fixture = try QueueFixture()
        defer { fixture.remove() }
        let queue = try WorkQueue(node: fixture.node, clock: SystemNanoClock())
        let workers = Task { await queue.runWorkers(count: 2) { _ in .none } }
        #expect(await eventually { queue.workArrived.waiterCount == 2 })
        queue.close()
        await workers.value
    }
}
