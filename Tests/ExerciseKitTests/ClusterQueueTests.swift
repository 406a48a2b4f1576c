import ExerciseKit
import ScaleCore
import Testing

/// The cluster's work queue: delivered once per idempotency key through a failing endpoint, retried,
/// dead-lettered, counted per window, and its workers stopped at shutdown.
@Suite(.timeLimit(.minutes(1))) struct ClusterQueueTests {
    static let fastRetries = WorkQueueConfiguration(maxAttempts: 3, backoff: RetryBackoff(baseDelayNanos: 100_000, maxDelayNanos: 1_000_000))

    /// What the push provider saw (every call that reached it) and what the workers completed.
    struct Record {
        var providerCalls: [String: Int] = [:]
        var rejected: Set<String> = []
        var completions: [String: Int] = [:]
    }

    /// Waits until every message enqueued so far has completed or been dead-lettered (the suite's time limit bounds it).
    static func drain(_ queue: ClusterQueue) async throws {
        while queue.metrics().depth > 0 { try await Task.sleep(for: .milliseconds(1)) }
    }

    @Test func everyKeyIsDeliveredOnceOrDeadLetteredUnderAFailingEndpoint() async throws {
        let cluster = try await startCluster()
        let record = Locked(Record())
        let push = try cluster.endpoint(
            named: "push", failures: EndpointFailures(transientRate: 0.3, permanentRate: 0.05, lostAcknowledgementRate: 0.1),
            timeout: .microseconds(200)
        ) { (key: String) in
            record.withLock { $0.providerCalls[key, default: 0] += 1 }
        }
        let queue = try cluster.queue(named: "push", configuration: Self.fastRetries)
        let keys = (0..<200).map { "n\($0)" }
        // Every key twice before any worker runs: a dead-lettered key may be enqueued anew, a pending one not.
        for key in keys + keys {
            try await queue.enqueue(Array(key.utf8), idempotencyKey: key)
        }
        try queue.startWorkers(count: 4) { item in
            let key = try #require(item.idempotencyKey)
            do {
                try await push.call(key)
            } catch let error as EndpointError where !error.isRetryable {
                record.withLock { _ = $0.rejected.insert(key) }
            }
            record.withLock { $0.completions[key, default: 0] += 1 }
            return .none
        }
        try await Self.drain(queue)
        let metrics = queue.metrics()
        let deadLettered = Set(try queue.deadLetters(limit: 1_000).compactMap(\.idempotencyKey))
        let recorded = record.value
        #expect(metrics.enqueued == keys.count, "the second enqueue of each key added nothing")
        #expect(metrics.completed == recorded.completions.count)
        #expect(metrics.deadLetters == deadLettered.count)
        #expect(recorded.completions.values.allSatisfy { $0 == 1 }, "a completed key is never delivered again")
        #expect(Set(recorded.completions.keys).isDisjoint(with: deadLettered))
        #expect(Set(recorded.completions.keys).union(deadLettered) == Set(keys), "every key completed or dead-lettered")
        #expect(metrics.retries > 0 && !deadLettered.isEmpty && !recorded.rejected.isEmpty)
        #expect(recorded.providerCalls.values.contains { $0 > 1 }, "a retry after a lost acknowledgement reaches the provider again")
        await cluster.shutdown()
    }

    @Test func workersStopAtShutdownAndTheQueueCloses() async throws {
        let cluster = try await startCluster()
        let queue = try cluster.queue(named: "jobs")
        #expect(try cluster.queue(named: "jobs") === queue)
        #expect(throws: ClusterError.self) { try cluster.queue(named: "jobs", configuration: Self.fastRetries) }
        let handled = Locked(0)
        try queue.startWorkers(count: 3) { _ in
            handled.withLock { $0 += 1 }
            return .none
        }
        #expect(queue.runningWorkerCount == 3)
        #expect(throws: ClusterError.self) { try queue.startWorkers(count: ClusterQueue.maximumWorkerCount) { _ in .none } }
        try await queue.enqueue([1])
        await cluster.shutdown()
        #expect(queue.runningWorkerCount == 0, "no worker task outlives its cluster")
        await #expect(throws: WorkQueueError.self) { try await queue.enqueue([2]) }
        #expect(throws: ClusterError.self) { try queue.startWorkers(count: 1) { _ in .none } }
    }

    @Test func anEnqueueAndADeliveryAreNetworkCalls() async throws {
        let cluster = try await startCluster()
        let queue = try cluster.queue(named: "jobs")
        #expect(!cluster.nodeIDs.contains(queue.nodeID))
        let before = cluster.network.counters.snapshot().messages
        try await queue.enqueue([1])
        #expect(cluster.network.counters.snapshot().messages &- before == 2)
        try queue.startWorkers(count: 1) { _ in .none }
        try await Self.drain(queue)
        #expect(cluster.network.counters.snapshot().messages &- before == 4, "the broker delivers to the worker and hears back")
        await cluster.shutdown()
    }

    @Test func metricWindowsCountOnlyTheirWindow() async throws {
        let cluster = try await startCluster()
        let queue = try cluster.queue(named: "jobs")
        for index in 0..<5 { try await queue.enqueue([UInt8(index)]) }
        let source = try #require(cluster.metricSources.last)
        let endWindow = source.beginWindow()
        for index in 0..<3 { try await queue.enqueue([UInt8(index)]) }
        try queue.startWorkers(count: 1) { _ in .none }
        try await Self.drain(queue)
        let metrics = endWindow()
        #expect(metrics["queue.jobs.enqueued"] == 3)
        #expect(metrics["queue.jobs.retries"] == 0)
        #expect(metrics["queue.jobs.deadLetters"] == 0)
        #expect(metrics["queue.jobs.latencyMillisP99"].map { $0 > 0 } == true)
        #expect(source.declarations.map(\.name).contains("queue.jobs.depthAtEnd"))
        await cluster.shutdown()
    }

    @Test func queueNamesAreChecked() async throws {
        let cluster = try await startCluster()
        #expect(throws: ClusterError.self) { try cluster.queue(named: "") }
        #expect(throws: ClusterError.self) { try cluster.queue(named: "a b") }
        await cluster.shutdown()
    }
}
