import ScaleSupport
import ScaleStorage
/// The work queue's delivery logic as a pure state machine: each method is an event (with the time
/// passed in) and returns the action the caller must carry out. No threads, timers or I/O, so
/// redelivery, retries, backoff and dead-lettering are tested by feeding events.
///
/// Holds only messages still pending (ready or in flight); done and dead messages leave it, so its
/// memory is bounded by `maxDepth`. Jitter comes from a `SeededGenerator`, so a schedule replays.
public struct WorkQueueStateMachine: Sendable {
    /// Where a pending message stands.
    public enum MessageState: Sendable, Hashable {
        /// Waiting to be delivered at or after `availableAtNanos`.
        case ready(availableAtNanos: UInt64)
        /// Delivered under `lease`; redelivered if not finished by `deadlineNanos`.
        case inFlight(lease: UInt64, deadlineNanos: UInt64)
    }

    /// Whether a new message may be enqueued.
    public enum Admission: Sendable, Hashable {
        /// There is room.
        case accept
        /// `maxDepth` messages are pending.
        case full(depth: Int)
        /// A pending message already carries this idempotency key.
        case duplicate(existingID: UInt64)
    }

    /// A message handed to a worker.
    public struct Delivery: Sendable, Hashable {
        /// The message delivered.
        public var id: UInt64
        /// Identifies this delivery; a later redelivery gets a new lease.
        public var lease: UInt64
        /// 1 for the first delivery.
        public var attempt: Int
        /// The worker must finish before this, or the message is redelivered.
        public var deadlineNanos: UInt64
        /// When the message was enqueued.
        public var enqueuedAtNanos: UInt64
    }

    /// What to do after a worker reports success (the effect is already committed).
    public enum CompletionAction: Sendable, Hashable {
        /// The message is done; `latencyNanos` is enqueue to done.
        case done(id: UInt64, latencyNanos: UInt64)
        /// The message was no longer pending (finished by another delivery, or dead-lettered).
        case notPending(id: UInt64)
    }

    /// What to do after an attempt failed or its lease expired.
    public enum FailureAction: Sendable, Hashable {
        /// Deliver again at `availableAtNanos`, after `delayNanos` of backoff.
        case retry(id: UInt64, failedAttempt: Int, delayNanos: UInt64, availableAtNanos: UInt64)
        /// `maxAttempts` deliveries failed: move the message to the dead-letter queue.
        case deadLetter(id: UInt64, attempts: Int)
        /// The report came from a delivery whose lease had already expired; nothing to do.
        case staleLease(id: UInt64)
    }

    struct Message: Sendable {
        var idempotencyKey: String
        var enqueuedAtNanos: UInt64
        /// Deliveries so far.
        var attempts: Int
        var state: MessageState
    }

    /// The limits and timings in force.
    public let configuration: WorkQueueConfiguration
    private var messages: [UInt64: Message] = [:]
    private var idByKey: [String: UInt64] = [:]
    private var ready = QueueDeadlineHeap()
    private var leases = QueueDeadlineHeap()
    private var lastLease: UInt64 = 0
    private var generator: SeededGenerator

    /// Failed attempts that were scheduled again.
    public private(set) var retryCount = 0
    /// Leases that expired (a worker too slow or gone).
    public private(set) var leaseExpiryCount = 0
    /// Messages moved to the dead-letter queue.
    public private(set) var deadLetterCount = 0

    /// Creates an empty machine; jitter is drawn from `SeededGenerator(seed: seed)`.
    public init(configuration: WorkQueueConfiguration, seed: UInt64) {
        self.configuration = configuration
        generator = SeededGenerator(seed: seed)
    }

    /// Messages pending (ready or in flight); bounded by `maxDepth` for new enqueues.
    public var depth: Int { messages.count }
    /// Messages delivered and not yet finished.
    public var inFlightCount: Int { leases.count }
    /// Messages waiting for delivery (due or backing off).
    public var readyCount: Int { ready.count }

    /// Where message `id` stands, or nil when it is not pending.
    public func state(of id: UInt64) -> MessageState? { messages[id]?.state }

    /// Deliveries message `id` has had so far, or nil when it is not pending.
    public func attempts(of id: UInt64) -> Int? { messages[id]?.attempts }

    /// The pending message carrying `idempotencyKey`, if any.
    public func pendingID(forKey idempotencyKey: String) -> UInt64? { idByKey[idempotencyKey] }

    /// Event: a producer wants to enqueue (with or without a key). Pure: the caller persists, then
    /// reports `enqueued`.
    public func admit(idempotencyKey: String?) -> Admission {
        if let idempotencyKey, let existing = idByKey[idempotencyKey] { return .duplicate(existingID: existing) }
        if messages.count >= configuration.maxDepth { return .full(depth: messages.count) }
        return .accept
    }

    /// Event: message `id` is durably stored (a new enqueue, or one recovered after a restart with
    /// the deliveries it already had). It becomes ready at `availableAtNanos`.
    public mutating func enqueued(id: UInt64, idempotencyKey: String, enqueuedAtNanos: UInt64, attempts: Int = 0, availableAtNanos: UInt64) {
        precondition(messages[id] == nil, "message \(id) enqueued twice")
        messages[id] = Message(idempotencyKey: idempotencyKey, enqueuedAtNanos: enqueuedAtNanos, attempts: attempts, state: .ready(availableAtNanos: availableAtNanos))
        idByKey[idempotencyKey] = id
        ready.set(id, timeNanos: availableAtNanos)
    }

    /// Event: a worker asks for work at `nowNanos`. Returns the earliest due message (by due time,
    /// then id), now in flight under a new lease, or nil when nothing is due.
    public mutating func nextDelivery(nowNanos: UInt64) -> Delivery? {
        guard let entry = ready.popFirst(dueBy: nowNanos), var message = messages[entry.id] else { return nil }
        lastLease &+= 1
        let deadlineNanos = Self.adding(nowNanos, configuration.visibilityTimeoutNanos)
        message.attempts += 1
        message.state = .inFlight(lease: lastLease, deadlineNanos: deadlineNanos)
        messages[entry.id] = message
        leases.set(entry.id, timeNanos: deadlineNanos)
        return Delivery(id: entry.id, lease: lastLease, attempt: message.attempts, deadlineNanos: deadlineNanos, enqueuedAtNanos: message.enqueuedAtNanos)
    }

    /// Event: a worker committed message `id`'s effect and its completion record. Any lease counts,
    /// even an expired one, because the effect is durable; the message leaves the machine.
    public mutating func completed(id: UInt64, nowNanos: UInt64) -> CompletionAction {
        guard let message = remove(id) else { return .notPending(id: id) }
        return .done(id: id, latencyNanos: nowNanos >= message.enqueuedAtNanos ? nowNanos - message.enqueuedAtNanos : 0)
    }

    /// Event: the delivery `lease` of message `id` failed (the handler threw).
    public mutating func failed(id: UInt64, lease: UInt64, nowNanos: UInt64) -> FailureAction {
        guard let message = messages[id], case .inFlight(let currentLease, _) = message.state, currentLease == lease else {
            return .staleLease(id: id)
        }
        return retryOrBury(id, nowNanos: nowNanos)
    }

    /// Event: time passed to `nowNanos`. Every delivery whose lease expired counts as a failed
    /// attempt: retried with backoff, or dead-lettered after `maxAttempts`.
    public mutating func expireLeases(nowNanos: UInt64) -> [FailureAction] {
        var actions: [FailureAction] = []
        while let entry = leases.popFirst(dueBy: nowNanos) {
            leaseExpiryCount += 1
            actions.append(retryOrBury(entry.id, nowNanos: nowNanos))
        }
        return actions
    }

    /// Event: the caller moved message `id` out of the queue by other means (e.g. it found the
    /// message's idempotency key already completed). Returns whether it was pending.
    @discardableResult
    public mutating func discard(id: UInt64) -> Bool { remove(id) != nil }

    /// The earliest time something becomes due (a backoff ends or a lease expires), nil when idle.
    public func nextDueNanos() -> UInt64? {
        switch (ready.first?.timeNanos, leases.first?.timeNanos) {
        case let (readyAt?, leaseAt?): return min(readyAt, leaseAt)
        case let (readyAt?, nil): return readyAt
        case let (nil, leaseAt?): return leaseAt
        case (nil, nil): return nil
        }
    }

    private mutating func retryOrBury(_ id: UInt64, nowNanos: UInt64) -> FailureAction {
        guard var message = messages[id] else { return .staleLease(id: id) }
        leases.remove(id)
        if message.attempts >= configuration.maxAttempts {
            remove(id)
            deadLetterCount += 1
            return .deadLetter(id: id, attempts: message.attempts)
        }
        let delayNanos = configuration.backoff.delayNanos(afterFailure: message.attempts, unitRandom: generator.nextUnitDouble())
        let availableAtNanos = Self.adding(nowNanos, delayNanos)
        message.state = .ready(availableAtNanos: availableAtNanos)
        messages[id] = message
        ready.set(id, timeNanos: availableAtNanos)
        retryCount += 1
        return .retry(id: id, failedAttempt: message.attempts, delayNanos: delayNanos, availableAtNanos: availableAtNanos)
    }

    @discardableResult
    private mutating func remove(_ id: UInt64) -> Message? {
        guard let message = messages.removeValue(forKey: id) else { return nil }
        idByKey[message.idempotencyKey] = nil
        ready.remove(id)
        leases.remove(id)
        return message
    }

    private static func adding(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// O(n) consistency check for tests.
    func checkInvariants() {
        ready.checkInvariants()
        leases.checkInvariants()
        precondition(ready.count + leases.count == messages.count, "every pending message is in exactly one heap")
        precondition(idByKey.count == messages.count, "every pending message has one key")
        for (id, message) in messages {
            switch message.state {
            case .ready: precondition(ready.contains(id) && !leases.contains(id), "ready message \(id) misfiled")
            case .inFlight: precondition(leases.contains(id) && !ready.contains(id), "in-flight message \(id) misfiled")
            }
        }
    }
}
