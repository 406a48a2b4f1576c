import ScaleCore

/// `scalebench micro cluster-queue`: messages through the cluster's queue (enqueue and delivery
/// across the network to and from the broker) next to the same `WorkQueue` used in process, in
/// the same run, both on in-memory SQLite.
public enum ClusterQueueMicroBenchmark {
    /// Enqueues `messageCount` messages one at a time, then drains them with `workerCount` workers;
    /// each figure is the best of `repetitions` runs.
    public static func run(messageCount: Int = 5_000, workerCount: Int = 2, repetitions: Int = 3) async throws -> MicroBenchmarkReport {
        var floor = (enqueueNanos: Double.infinity, drainNanos: Double.infinity)
        var cluster = floor
        for _ in 0..<max(1, repetitions) {
            let bare = try await bareQueue(messageCount: messageCount, workerCount: workerCount)
            let networked = try await clusterQueue(messageCount: messageCount, workerCount: workerCount)
            floor = (min(floor.enqueueNanos, bare.enqueueNanos), min(floor.drainNanos, bare.drainNanos))
            cluster = (min(cluster.enqueueNanos, networked.enqueueNanos), min(cluster.drainNanos, networked.drainNanos))
        }
        let rows = [
            MicroBenchmarkRow(name: "WorkQueue enqueue in process (floor)", value: floor.enqueueNanos / 1_000, unit: "µs/msg"),
            MicroBenchmarkRow(name: "cluster queue enqueue (a network call)", value: cluster.enqueueNanos / 1_000, unit: "µs/msg",
                              detail: "\(MicroBenchmarkText.ratio(cluster.enqueueNanos, floor.enqueueNanos)) the floor"),
            MicroBenchmarkRow(name: "WorkQueue delivery to done, \(workerCount) workers (floor)", value: floor.drainNanos / 1_000, unit: "µs/msg"),
            MicroBenchmarkRow(name: "cluster queue delivery to done, \(workerCount) workers", value: cluster.drainNanos / 1_000, unit: "µs/msg",
                              detail: "\(MicroBenchmarkText.ratio(cluster.drainNanos, floor.drainNanos)) the floor (each delivery a network call)"),
        ]
        let verdict = "through the cluster an enqueue costs \(MicroBenchmarkText.ratio(cluster.enqueueNanos, floor.enqueueNanos)) and a delivery "
            + "\(MicroBenchmarkText.ratio(cluster.drainNanos, floor.drainNanos)) the in-process queue over profile none"
        return MicroBenchmarkReport(title: "Cluster queue: \(messageCount) messages, enqueue then drain (memory SQLite)", rows: rows, verdict: verdict)
    }

    private static func bareQueue(messageCount: Int, workerCount: Int) async throws -> (enqueueNanos: Double, drainNanos: Double) {
        let node = try StorageNode(name: "queue-floor", options: .memory)
        defer { node.close() }
        let queue = try WorkQueue(node: node, name: "floor", clock: SystemNanoClock())
        let enqueueStart = MonotonicClock.nowNanos()
        for index in 0..<messageCount { try await queue.enqueue([UInt8(truncatingIfNeeded: index)]) }
        let enqueueNanos = elapsed(since: enqueueStart)
        let drainStart = MonotonicClock.nowNanos()
        let workers = Task { await queue.runWorkers(count: workerCount) { _ in .none } }
        while queue.metrics().depth > 0 { try await Task.sleep(for: .microseconds(100)) }
        let drainNanos = elapsed(since: drainStart)
        queue.close()
        await workers.value
        return (enqueueNanos / Double(max(1, messageCount)), drainNanos / Double(max(1, messageCount)))
    }

    private static func clusterQueue(messageCount: Int, workerCount: Int) async throws -> (enqueueNanos: Double, drainNanos: Double) {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 1, storageMode: .memory))
        let queue = try cluster.queue(named: "bench", configuration: WorkQueueConfiguration(maxDepth: max(1, messageCount)))
        let enqueueStart = MonotonicClock.nowNanos()
        for index in 0..<messageCount { try await queue.enqueue([UInt8(truncatingIfNeeded: index)]) }
        let enqueueNanos = elapsed(since: enqueueStart)
        let drainStart = MonotonicClock.nowNanos()
        try queue.startWorkers(count: workerCount) { _ in .none }
        while queue.metrics().depth > 0 { try await Task.sleep(for: .microseconds(100)) }
        let drainNanos = elapsed(since: drainStart)
        await cluster.shutdown()
        return (enqueueNanos / Double(max(1, messageCount)), drainNanos / Double(max(1, messageCount)))
    }

    private static func elapsed(since startNanos: UInt64) -> Double {
        Double(MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos()))
    }
}
