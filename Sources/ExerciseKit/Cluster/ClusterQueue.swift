import ScaleCore

extension MessageKind {
    static let queueEnqueue = MessageKind("queue-enqueue")
    static let queueDeliver = MessageKind("queue-deliver")
}

/// One of the cluster's durable work queues (the core's `WorkQueue`) on the cluster's queue
/// broker node: producers enqueue across the network, and each delivery crosses the network from
/// the broker to the workers (a lost delivery or acknowledgement fails the attempt, which is then
/// retried). Delivery is at-least-once with retries, backoff and dead letters, as `WorkQueue`
/// documents; `.transaction` effects commit exactly once per deduplication key on the broker.
///
/// Get one with `cluster.queue(named:)`; its workers stop when the cluster shuts down.
public final class ClusterQueue: Sendable {
    /// The queue's name (unique in its cluster).
    public let name: String
    /// The broker node holding the queue.
    public let nodeID: NodeID
    /// Most workers one queue runs (over all `startWorkers` calls).
    public static let maximumWorkerCount = 64

    let queue: WorkQueue<SystemNanoClock>
    private let network: SimulatedNetwork
    // Guards the worker pools: started by services, stopped by the cluster's shutdown.
    private let pools = Locked(WorkerPools())
    let latencyWindows = QueueLatencyWindows()

    struct WorkerPools {
        var tasks: [Task<Void, Never>] = []
        var workerCount = 0
        var runningWorkerCount = 0
        var isStopped = false
    }

    init(name: String, nodeID: NodeID, queue: WorkQueue<SystemNanoClock>, network: SimulatedNetwork) {
        self.name = name
        self.nodeID = nodeID
        self.queue = queue
        self.network = network
    }

    /// The delivery rules the queue was opened with.
    public var configuration: WorkQueueConfiguration { queue.configuration }

    /// Stores `payload` durably on the broker (one network call) and returns once it is committed.
    /// With an `idempotencyKey`, a repeat of a pending or completed key adds nothing, so a producer
    /// may retry an enqueue whose reply it lost (a dead-lettered key never completed: it is taken
    /// again). `whenFull` decides what happens at `maxDepth`.
    @discardableResult
    public func enqueue(
        _ payload: [UInt8], idempotencyKey: String? = nil, whenFull: BackPressure = .fail, from client: NodeID = .client
    ) async throws -> EnqueueResult {
        try await network.call(from: client, to: nodeID, kind: .queueEnqueue) {
            try await queue.enqueue(payload, idempotencyKey: idempotencyKey, whenFull: whenFull)
        }
    }

    /// Starts `count` workers running `handler` at `worker` on the network, until the cluster shuts
    /// down. A thrown error fails the attempt (retried with backoff, dead-lettered after
    /// `maxAttempts`); return `.transaction` to commit an effect exactly once with the completion.
    public func startWorkers(
        count: Int, at worker: NodeID = .client, handler: @escaping @Sendable (WorkItem) async throws -> WorkEffect
    ) throws {
        let queue = self.queue
        let network = self.network
        let broker = nodeID
        let latencyWindows = self.latencyWindows
        let delivered: @Sendable (WorkItem) async throws -> WorkEffect = { item in
            let effect = try await network.call(from: broker, to: worker, kind: .queueDeliver) { try await handler(item) }
            latencyWindows.record(MonotonicClock.elapsedNanos(from: item.enqueuedAtNanos, to: queue.clock.nowNanos()))
            return effect
        }
        try pools.withLock { pools in
            guard !pools.isStopped else { throw ClusterError("queue '\(name)' is stopped: its cluster shut down") }
            guard count >= 1, pools.workerCount + count <= Self.maximumWorkerCount else {
                throw ClusterError("queue '\(name)' cannot run \(pools.workerCount) + \(count) workers; use 1 to \(Self.maximumWorkerCount) in all")
            }
            pools.workerCount += count
            pools.runningWorkerCount += count
            pools.tasks.append(Task { [pools = self.pools] in
                await queue.runWorkers(count: count, handler: delivered)
                pools.withLock { $0.runningWorkerCount -= count }
            })
        }
    }

    /// Workers whose loop is still running (0 once the cluster has shut down).
    public var runningWorkerCount: Int { pools.withLock { $0.runningWorkerCount } }

    /// Counters, depth and enqueue-to-done latency since the queue was opened.
    public func metrics() -> WorkQueueMetrics { queue.metrics() }

    /// Up to `limit` dead letters, oldest first.
    public func deadLetters(limit: Int = 100) throws -> [DeadLetter] { try queue.deadLetters(limit: limit) }

    /// Closes the queue (enqueues fail with `closed`), lets each worker finish its delivery, and
    /// waits until every worker task has ended.
    func stop() async {
        let tasks = pools.withLock { pools in
            pools.isStopped = true
            return pools.tasks
        }
        queue.close()
        for task in tasks {
            task.cancel()
            await task.value
        }
    }
}
