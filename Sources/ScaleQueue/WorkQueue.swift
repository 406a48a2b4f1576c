import ScaleSupport
import ScaleStorage
import Histogram

/// A durable, bounded work queue on a SQLite `StorageNode`, consumed by a pool of async workers.
///
/// - Durability: `enqueue` returns after the message is committed, so it survives a crash of the
///   node (`StorageNode.crash()` + `reopen()` + a new `WorkQueue` on it).
/// - Delivery: at-least-once. A delivery not finished within `visibilityTimeoutNanos` is given to
///   another worker; failures retry with seeded exponential backoff; after `maxAttempts`
///   deliveries a message moves to the dead-letter table. The rules live in
///   `WorkQueueStateMachine`; this type persists its decisions and runs the workers.
/// - Effects: a handler returns a `WorkEffect`. A `.transaction` effect commits in the same
///   transaction that records the message's deduplication key as completed, so it happens exactly
///   once per key even when a slow delivery and its redelivery both finish. Anything else a
///   handler does (a network call, another database) happens at least once, possibly
///   concurrently with a redelivery; make it idempotent with `WorkItem.deduplicationKey`.
/// - Back-pressure: at `maxDepth` pending messages, producers fail with `queueFull` or wait.
public final class WorkQueue<Clock: NanoClock>: Sendable {
    struct Core: Sendable {
        var machine: WorkQueueStateMachine
        var sampler: QueueDepthSampler
        var latencyNanos = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        var metrics = WorkQueueMetrics()
        var lastID: UInt64 = 0
        var isClosed = false

        mutating func noteDepth(nowNanos: UInt64) {
            sampler.note(depth: machine.depth, nowNanos: nowNanos)
        }
    }

    /// The queue's name; several queues can share a node.
    public let name: String
    /// The node holding the queue's tables.
    public let node: StorageNode
    /// Delivery rules.
    public let configuration: WorkQueueConfiguration
    /// Runtime knobs.
    public let options: WorkQueueOptions
    /// The clock for deadlines, backoff and latency.
    public let clock: Clock
    let core: Locked<Core>
    /// Signalled when work may be available (an enqueue, a close, `wakeWorkers()`).
    let workArrived = QueueSignal()
    /// Signalled when a message left the queue (room for a waiting producer) or on close.
    let spaceFreed = QueueSignal()

    /// Opens queue `name` on `node`: creates the tables if needed and recovers pending messages.
    /// Messages in flight at a crash become ready again (their deliveries so far still count);
    /// one that had used all its attempts moves to the dead-letter table.
    public init(
        node: StorageNode,
        name: String = "default",
        configuration: WorkQueueConfiguration = WorkQueueConfiguration(),
        options: WorkQueueOptions = WorkQueueOptions(),
        clock: Clock
    ) throws {
        try configuration.validate()
        self.node = node
        self.name = name
        self.configuration = configuration
        self.options = options
        self.clock = clock
        var core = Core(
            machine: WorkQueueStateMachine(configuration: configuration, seed: options.seed),
            sampler: QueueDepthSampler(capacity: options.depthSampleCapacity, minimumIntervalNanos: options.depthSampleIntervalNanos)
        )
        try node.migrate(Self.schema)
        let nowNanos = clock.nowNanos()
        try Self.recover(into: &core, name: name, node: node, nowNanos: nowNanos)
        core.noteDepth(nowNanos: nowNanos)
        self.core = Locked(core)
    }

    private struct StoredMessage {
        var id: UInt64
        var deduplicationKey: String
        var attempts: Int
        var enqueuedAtNanos: UInt64
    }

    private static func recover(into core: inout Core, name: String, node: StorageNode, nowNanos: UInt64) throws {
        let maxAttempts = core.machine.configuration.maxAttempts
        let (lastID, stored): (UInt64, [StoredMessage]) = try node.write { connection in
            try connection.run("INSERT OR IGNORE INTO workqueue_queues (queue, last_id) VALUES (?, 0)", name)
            let lastID = try connection.queryOne("SELECT last_id FROM workqueue_queues WHERE queue = ?", name) { UInt64(bitPattern: $0.int64(at: 0)) } ?? 0
            let stored = try connection.query(
                "SELECT id, dedup_key, attempts, enqueued_at_nanos FROM workqueue_messages WHERE queue = ? ORDER BY id", name
            ) { row in
                StoredMessage(id: UInt64(bitPattern: row.int64(at: 0)), deduplicationKey: row.string(at: 1), attempts: Int(row.int64(at: 2)), enqueuedAtNanos: loadedNanos(row.int64(at: 3)))
            }
            for message in stored where message.attempts >= maxAttempts {
                try connection.run(
                    """
                    INSERT INTO workqueue_dead_letters
                        (queue, id, dedup_key, user_key, payload, attempts, enqueued_at_nanos, failed_at_nanos, last_error)
                    SELECT queue, id, dedup_key, user_key, payload, attempts, enqueued_at_nanos, ?, 'interrupted during its last attempt'
                    FROM workqueue_messages WHERE queue = ? AND id = ?
                    """,
                    storedNanos(nowNanos), name, storedID(message.id)
                )
                try connection.run("DELETE FROM workqueue_messages WHERE queue = ? AND id = ?", name, storedID(message.id))
            }
            return (lastID, stored)
        }
        core.lastID = lastID
        for message in stored {
            guard message.id <= lastID else {
                throw WorkQueueError(.corruptRecord, "queue '\(name)' holds message \(message.id) above its last id \(lastID)")
            }
            if message.attempts >= maxAttempts {
                core.metrics.deadLetters += 1
                continue
            }
            core.machine.enqueued(
                id: message.id, idempotencyKey: message.deduplicationKey,
                enqueuedAtNanos: message.enqueuedAtNanos, attempts: message.attempts, availableAtNanos: nowNanos
            )
        }
    }

    /// Stops the queue: enqueues fail with `closed`, waiting producers are woken with `closed`,
    /// workers return after the handler they are running. Pending messages stay in the database.
    public func close() {
        core.withLock { $0.isClosed = true }
        workArrived.signalAll()
        spaceFreed.signalAll()
    }

    /// Wakes idle workers at once (e.g. after a test moved a manual clock past a deadline).
    public func wakeWorkers() {
        workArrived.signalAll()
    }

    /// Counters, depth and its samples, and enqueue-to-done latency percentiles.
    public func metrics() -> WorkQueueMetrics {
        core.withLock { core in
            var metrics = core.metrics
            metrics.retries = core.machine.retryCount
            metrics.leaseExpiries = core.machine.leaseExpiryCount
            metrics.depth = core.machine.depth
            metrics.inFlight = core.machine.inFlightCount
            metrics.depthMax = core.sampler.depthMax
            metrics.depthSamples = core.sampler.samples
            metrics.latencyCount = Int(core.latencyNanos.totalCount)
            if core.latencyNanos.totalCount > 0 {
                metrics.latencyNanosP50 = core.latencyNanos.valueAtPercentile(50)
                metrics.latencyNanosP99 = core.latencyNanos.valueAtPercentile(99)
                metrics.latencyNanosMax = core.latencyNanos.max
            }
            return metrics
        }
    }

    /// Up to `limit` dead letters, oldest first.
    public func deadLetters(limit: Int = 100) throws -> [DeadLetter] {
        let name = self.name
        return try node.read { connection in
            try connection.query(
                """
                SELECT id, payload, user_key, attempts, enqueued_at_nanos, failed_at_nanos, last_error
                FROM workqueue_dead_letters WHERE queue = ? ORDER BY id LIMIT ?
                """,
                name, max(0, limit)
            ) { row in
                DeadLetter(
                    id: UInt64(bitPattern: row.int64(at: 0)),
                    payload: row.bytes(at: 1),
                    idempotencyKey: row.isNull(at: 2) ? nil : row.string(at: 2),
                    attempts: Int(row.int64(at: 3)),
                    enqueuedAtNanos: Self.loadedNanos(row.int64(at: 4)),
                    failedAtNanos: Self.loadedNanos(row.int64(at: 5)),
                    lastError: row.string(at: 6)
                )
            }
        }
    }

    /// Whether a delivery with `deduplicationKey` has committed (a handler may check before an
    /// external side effect; this narrows the window for repeats but cannot close it).
    public func isCompleted(deduplicationKey: String) throws -> Bool {
        try node.read { connection in try hasCompletion(deduplicationKey, connection: connection) }
    }

    /// Forgets completion records older than `completedBeforeNanos` (they are what suppresses
    /// duplicate enqueues and late completions, so keep them longer than any retry can take).
    /// Returns how many were removed.
    @discardableResult
    public func pruneCompletions(completedBeforeNanos: UInt64) throws -> Int {
        let name = self.name
        return try node.write { connection in
            try connection.run(
                "DELETE FROM workqueue_completed WHERE queue = ? AND completed_at_nanos < ?", name, Self.storedNanos(completedBeforeNanos)
            )
        }
    }
}
