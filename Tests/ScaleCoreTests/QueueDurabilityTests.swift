import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct QueueDurabilityTests {
    @Test func acknowledgedEnqueuesSurviveACrashAndReopen() async throws {
        let fixture = try QueueFixture(onDisk: true)
        defer { fixture.remove() }
        do {
            let queue = try WorkQueue(node: fixture.node, name: "mail", clock: SystemNanoClock())
            for index in 0..<5 { try await queue.enqueue(payload("m\(index)")) }
            try await queue.enqueue(payload("keyed"), idempotencyKey: "welcome-7")
            queue.close()
        }
        fixture.node.crash()
        try fixture.node.reopen()

        let reopened = try WorkQueue(node: fixture.node, name: "mail", clock: SystemNanoClock())
        #expect(reopened.metrics().depth == 6)
        let repeated = try await reopened.enqueue(payload("keyed"), idempotencyKey: "welcome-7")
        guard case .duplicateOfPending = repeated else {
            Issue.record("the recovered key was not recognised: \(repeated)")
            return
        }
        let seen = QueueTestLog<String>()
        let workers = Task {
            await reopened.runWorkers(count: 2) { item in
                seen.append(text(item.payload))
                return QueueFixture.bump(text(item.payload))
            }
        }
        #expect(await eventually { reopened.metrics().completed == 6 })
        workers.cancel()
        await workers.value
        #expect(Set(seen.all) == ["m0", "m1", "m2", "m3", "m4", "keyed"])
        #expect(try fixture.totalEffects() == 6)
        reopened.close()

        fixture.node.crash()
        try fixture.node.reopen()
        let again = try WorkQueue(node: fixture.node, name: "mail", clock: SystemNanoClock())
        #expect(again.metrics().depth == 0)
        #expect(try await again.enqueue(payload("keyed"), idempotencyKey: "welcome-7") == .alreadyCompleted)
        guard case .enqueued(let id) = try await again.enqueue(payload("new")) else {
            Issue.record("expected a new message")
            return
        }
        #expect(id == 7, "ids continue after a restart and are never reused")
    }

    /// Enqueues one message, crashes the node while a worker is inside the message's first
    /// delivery, then reopens the node and returns a fresh queue on it.
    private func crashDuringFirstDelivery(of fixture: QueueFixture, configuration: WorkQueueConfiguration) async throws -> WorkQueue<SystemNanoClock> {
        let stuck = QueueTestLatch()
        let firstRun = QueueTestLog<Int>()
        let queue = try WorkQueue(node: fixture.node, configuration: configuration, clock: SystemNanoClock())
        try await queue.enqueue(payload("job"))
        let workers = Task {
            await queue.runWorkers(count: 1) { item in
                firstRun.append(item.attempt)
                await stuck.wait()
                return QueueFixture.bump("job")
            }
        }
        #expect(await eventually { firstRun.all == [1] })
        fixture.node.crash()
        queue.close()
        stuck.open()
        await workers.value
        try fixture.node.reopen()
        return try WorkQueue(node: fixture.node, configuration: configuration, clock: SystemNanoClock())
    }

    @Test func aMessageInFlightAtACrashIsDeliveredAgainWithItsAttemptCounted() async throws {
        let fixture = try QueueFixture(onDisk: true)
        defer { fixture.remove() }
        let reopened = try await crashDuringFirstDelivery(of: fixture, configuration: WorkQueueConfiguration())
        let secondRun = QueueTestLog<Int>()
        let again = Task {
            await reopened.runWorkers(count: 1) { item in
                secondRun.append(item.attempt)
                return QueueFixture.bump("job")
            }
        }
        #expect(await eventually { reopened.metrics().completed == 1 })
        again.cancel()
        await again.value
        #expect(secondRun.all == [2])
        #expect(try fixture.effectCount("job") == 1)
    }

    @Test func aMessageThatCrashedOnItsLastAttemptIsDeadLetteredOnReopen() async throws {
        let fixture = try QueueFixture(onDisk: true)
        defer { fixture.remove() }
        let reopened = try await crashDuringFirstDelivery(of: fixture, configuration: WorkQueueConfiguration(maxAttempts: 1))
        #expect(reopened.metrics().depth == 0)
        #expect(reopened.metrics().deadLetters == 1)
        #expect(try reopened.deadLetters().map(\.attempts) == [1])
        #expect(try fixture.effectCount("job") == 0)
    }
}
