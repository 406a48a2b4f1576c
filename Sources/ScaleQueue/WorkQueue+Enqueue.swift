import ScaleSupport
import ScaleStorage
/// Producers: durable enqueue with idempotency keys and back-pressure.
extension WorkQueue {
    private enum Attempt: Sendable {
        case finished(EnqueueResult)
        case full(depth: Int)
    }

    /// Stores `payload` durably and returns once it is committed.
    ///
    /// With an `idempotencyKey`, a repeat of a pending or completed key adds nothing (and counts as
    /// a suppressed duplicate), so a producer may retry an enqueue whose answer it lost.
    /// At `maxDepth` pending messages, `whenFull` decides: throw `queueFull`, or wait for room
    /// (throwing `CancellationError` if the task is cancelled, `closed` if the queue closes).
    @discardableResult
    public func enqueue(_ payload: [UInt8], idempotencyKey: String? = nil, whenFull: BackPressure = .fail) async throws -> EnqueueResult {
        var waited = false
        while true {
            let generation = spaceFreed.generation
            switch try attemptEnqueue(payload, idempotencyKey: idempotencyKey) {
            case .finished(let result):
                if case .enqueued = result { workArrived.signalAll() }
                return result
            case .full(let depth):
                guard whenFull == .wait else {
                    core.withLock { $0.metrics.rejectedFull += 1 }
                    throw WorkQueueError(.queueFull, "queue '\(name)' holds \(depth) messages (maxDepth \(configuration.maxDepth))")
                }
                if !waited {
                    waited = true
                    core.withLock { $0.metrics.producerWaits += 1 }
                }
                await spaceFreed.wait(after: generation)
                try Task.checkCancellation()
            }
        }
    }

    /// One try under the queue's lock: admit, then commit, then tell the state machine.
    private func attemptEnqueue(_ payload: [UInt8], idempotencyKey: String?) throws -> Attempt {
        let name = self.name
        let node = self.node
        let nowNanos = clock.nowNanos()
        return try core.withLock { core throws -> Attempt in
            guard !core.isClosed else { throw WorkQueueError(.closed, "queue '\(name)' is closed") }
            let explicitKey = idempotencyKey.map { Self.deduplicationKey(idempotencyKey: $0, id: 0) }
            switch core.machine.admit(idempotencyKey: explicitKey) {
            case .duplicate(let existingID):
                core.metrics.duplicatesSuppressed += 1
                return .finished(.duplicateOfPending(id: existingID))
            case .full(let depth):
                return .full(depth: depth)
            case .accept:
                break
            }
            let id = core.lastID + 1
            let deduplicationKey = explicitKey ?? Self.deduplicationKey(idempotencyKey: nil, id: id)
            let inserted: Bool = try node.write { connection in
                if try hasCompletion(deduplicationKey, connection: connection) { return false }
                try connection.run("UPDATE workqueue_queues SET last_id = ? WHERE queue = ?", Self.storedID(id), name)
                try connection.run(
                    """
                    INSERT INTO workqueue_messages (queue, id, dedup_key, user_key, payload, attempts, enqueued_at_nanos)
                    VALUES (?, ?, ?, ?, ?, 0, ?)
                    """,
                    name, Self.storedID(id), deduplicationKey, idempotencyKey, payload, Self.storedNanos(nowNanos)
                )
                return true
            }
            guard inserted else {
                core.metrics.duplicatesSuppressed += 1
                return .finished(.alreadyCompleted)
            }
            core.lastID = id
            core.machine.enqueued(id: id, idempotencyKey: deduplicationKey, enqueuedAtNanos: nowNanos, availableAtNanos: nowNanos)
            core.metrics.enqueued += 1
            core.noteDepth(nowNanos: nowNanos)
            return .finished(.enqueued(id: id))
        }
    }
}
