import ScaleSupport
import ScaleStorage
/// Consumers: the worker pool, deliveries, completions and failures.
extension WorkQueue {
    /// Runs `workerCount` workers until the task is cancelled or the queue is closed. Each takes
    /// the next due message, runs `handler`, and commits the returned effect with the completion;
    /// a thrown error (from the handler or the effect) counts as a failed attempt.
    public func runWorkers(count workerCount: Int, handler: @escaping @Sendable (WorkItem) async throws -> WorkEffect) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, workerCount) {
                group.addTask { await self.runWorker(handler) }
            }
        }
    }

    private func runWorker(_ handler: @Sendable (WorkItem) async throws -> WorkEffect) async {
        while !Task.isCancelled {
            let generation = workArrived.generation
            let next: WorkItem?
            do {
                guard let taken = try takeDelivery() else { return }
                next = taken.item
                if next == nil {
                    await workArrived.wait(after: generation, timeoutNanos: idleWaitNanos(untilNanos: taken.nextDueNanos))
                }
            } catch {
                // The node failed (e.g. closed by a crash): back off instead of spinning.
                await workArrived.wait(after: generation, timeoutNanos: options.pollIntervalNanos)
                continue
            }
            if let item = next { await process(item, handler) }
        }
    }

    private func idleWaitNanos(untilNanos nextDueNanos: UInt64?) -> UInt64 {
        guard let nextDueNanos else { return options.pollIntervalNanos }
        let nowNanos = clock.nowNanos()
        return nextDueNanos <= nowNanos ? 0 : min(options.pollIntervalNanos, nextDueNanos - nowNanos)
    }

    /// Expires overdue leases and takes the next due message, persisting both in one transaction.
    /// Nil when the queue is closed; otherwise the item (or nil) and when something is next due.
    private func takeDelivery() throws -> (item: WorkItem?, nextDueNanos: UInt64?)? {
        let name = self.name
        let node = self.node
        let nowNanos = clock.nowNanos()
        return try core.withLock { core throws -> (item: WorkItem?, nextDueNanos: UInt64?)? in
            guard !core.isClosed else { return nil }
            let expired = core.machine.expireLeases(nowNanos: nowNanos)
            let delivery = core.machine.nextDelivery(nowNanos: nowNanos)
            guard !expired.isEmpty || delivery != nil else { return (nil, core.machine.nextDueNanos()) }
            var item: WorkItem?
            do {
                item = try node.write { connection -> WorkItem? in
                    for action in expired {
                        try persist(action, nowNanos: nowNanos, lastError: "visibility timeout expired", core: &core, connection: connection)
                    }
                    guard let delivery else { return nil }
                    return try connection.queryOne(
                        "UPDATE workqueue_messages SET attempts = ? WHERE queue = ? AND id = ? RETURNING payload, user_key, dedup_key",
                        delivery.attempt, name, Self.storedID(delivery.id)
                    ) { row in
                        WorkItem(
                            id: delivery.id, payload: row.bytes(at: 0),
                            idempotencyKey: row.isNull(at: 1) ? nil : row.string(at: 1), deduplicationKey: row.string(at: 2),
                            attempt: delivery.attempt, enqueuedAtNanos: delivery.enqueuedAtNanos,
                            deadlineNanos: delivery.deadlineNanos, lease: delivery.lease
                        )
                    }
                }
            } catch {
                // Not delivered after all: count it as a failed attempt so it is retried later.
                if let delivery { _ = core.machine.failed(id: delivery.id, lease: delivery.lease, nowNanos: nowNanos) }
                throw error
            }
            if let delivery, item == nil {
                // The row is gone (completed by a delivery whose lease had expired): drop it.
                core.machine.discard(id: delivery.id)
            }
            core.noteDepth(nowNanos: nowNanos)
            return (item, core.machine.nextDueNanos())
        }
    }

    /// Writes a retry or dead-letter decision; the caller holds the core lock and a write transaction.
    private func persist(
        _ action: WorkQueueStateMachine.FailureAction, nowNanos: UInt64, lastError: String, core: inout Core, connection: SQLiteConnection
    ) throws {
        switch action {
        case .retry(let id, _, _, _):
            try connection.run("UPDATE workqueue_messages SET last_error = ? WHERE queue = ? AND id = ?", lastError, name, Self.storedID(id))
        case .deadLetter(let id, let attempts):
            if try moveToDeadLetters(id, attempts: attempts, nowNanos: nowNanos, lastError: lastError, connection: connection) {
                core.metrics.deadLetters += 1
            }
        case .staleLease:
            break
        }
    }

    private func process(_ item: WorkItem, _ handler: @Sendable (WorkItem) async throws -> WorkEffect) async {
        let effect: WorkEffect
        do {
            effect = try await handler(item)
        } catch {
            reportFailure(item, error: error)
            return
        }
        let name = self.name
        let applied: Bool
        do {
            applied = try node.write { connection in
                try connection.run("DELETE FROM workqueue_messages WHERE queue = ? AND id = ?", name, Self.storedID(item.id))
                if try hasCompletion(item.deduplicationKey, connection: connection) { return false }
                try effect.apply?(connection)
                try connection.run(
                    "INSERT INTO workqueue_completed (queue, dedup_key, message_id, completed_at_nanos) VALUES (?, ?, ?, ?)",
                    name, item.deduplicationKey, Self.storedID(item.id), Self.storedNanos(clock.nowNanos())
                )
                return true
            }
        } catch {
            reportFailure(item, error: error)
            return
        }
        let nowNanos = clock.nowNanos()
        core.withLock { core in
            _ = core.machine.completed(id: item.id, nowNanos: nowNanos)
            if applied {
                core.metrics.completed += 1
                core.latencyNanos.record(nowNanos >= item.enqueuedAtNanos ? nowNanos - item.enqueuedAtNanos : 0)
            } else {
                core.metrics.duplicatesSuppressed += 1
            }
            core.noteDepth(nowNanos: nowNanos)
        }
        spaceFreed.signalAll()
    }

    private func reportFailure(_ item: WorkItem, error: any Error) {
        let node = self.node
        let nowNanos = clock.nowNanos()
        let lastError = String(describing: error)
        let leftQueue: Bool = core.withLock { core in
            let action = core.machine.failed(id: item.id, lease: item.lease, nowNanos: nowNanos)
            if case .staleLease = action { return false }
            // A failed write only loses the error text or the dead-letter copy's timing; the
            // state machine has decided either way, and recovery re-reads the message row.
            _ = try? node.write { connection in
                try persist(action, nowNanos: nowNanos, lastError: lastError, core: &core, connection: connection)
            }
            core.noteDepth(nowNanos: nowNanos)
            if case .deadLetter = action { return true }
            return false
        }
        if leftQueue { spaceFreed.signalAll() }
    }
}
