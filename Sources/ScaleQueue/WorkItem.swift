import ScaleSupport
import ScaleStorage
/// A message handed to a worker's handler.
public struct WorkItem: Sendable, Hashable {
    /// The message's id, unique within its queue and never reused.
    public var id: UInt64
    /// What the producer enqueued.
    public var payload: [UInt8]
    /// The producer's idempotency key, if it gave one.
    public var idempotencyKey: String?
    /// The key the queue deduplicates on: derived from `idempotencyKey`, or from `id` when there is
    /// none. The same for every delivery of this message; hand it to downstream systems so they can
    /// drop repeats of effects the queue cannot make atomic.
    public var deduplicationKey: String
    /// 1 for the first delivery.
    public var attempt: Int
    /// When the message was enqueued, on the queue's clock.
    public var enqueuedAtNanos: UInt64
    /// After this the message is redelivered to another worker, even if this one is still running.
    public var deadlineNanos: UInt64
    /// Identifies this delivery in the state machine.
    let lease: UInt64
}

/// The part of a task's effect the queue makes exactly-once: it runs inside the SQLite transaction
/// that records the message's deduplication key as completed, and is skipped (rolled back) when
/// another delivery of the same key already committed.
///
/// The closure gets the write connection of the queue's node: use it, never the node or the queue
/// itself (their locks are not reentrant). It should be quick and must not block on other work.
public struct WorkEffect: Sendable {
    let apply: (@Sendable (SQLiteConnection) throws -> Void)?

    /// No transactional effect: the handler's own side effects are all there is (at-least-once).
    public static let none = WorkEffect(apply: nil)

    /// An effect applied atomically with the completion record (exactly once per deduplication key).
    public static func transaction(_ apply: @escaping @Sendable (SQLiteConnection) throws -> Void) -> WorkEffect {
        WorkEffect(apply: apply)
    }
}

/// What a producer does when the queue holds `maxDepth` messages.
public enum BackPressure: Sendable, Hashable {
    /// Throw `WorkQueueError.queueFull` at once.
    case fail
    /// Wait until a message finishes (or the task is cancelled, or the queue closes).
    case wait
}

/// The outcome of an `enqueue`.
public enum EnqueueResult: Sendable, Hashable {
    /// Stored durably as message `id`.
    case enqueued(id: UInt64)
    /// A message with the same idempotency key is still pending; nothing was added.
    case duplicateOfPending(id: UInt64)
    /// A message with the same idempotency key already completed; nothing was added.
    case alreadyCompleted
}

/// A message that failed `maxAttempts` times, kept for inspection.
public struct DeadLetter: Sendable, Hashable {
    /// The message's id.
    public var id: UInt64
    /// What the producer enqueued.
    public var payload: [UInt8]
    /// The producer's idempotency key, if it gave one.
    public var idempotencyKey: String?
    /// Deliveries it had.
    public var attempts: Int
    /// When it was enqueued, on the queue's clock.
    public var enqueuedAtNanos: UInt64
    /// When it was given up, on the queue's clock.
    public var failedAtNanos: UInt64
    /// The last error a handler threw, or why the message was given up.
    public var lastError: String
}

/// Knobs of the queue's runtime (the delivery rules are in `WorkQueueConfiguration`).
public struct WorkQueueOptions: Sendable, Hashable {
    /// Longest an idle worker sleeps before looking again (it is also woken by enqueues).
    public var pollIntervalNanos: UInt64
    /// One depth sample per interval (the largest depth seen in it).
    public var depthSampleIntervalNanos: UInt64
    /// Depth samples kept; older ones are dropped.
    public var depthSampleCapacity: Int
    /// Seed of the retry jitter.
    public var seed: UInt64

    /// Creates runtime options.
    public init(pollIntervalNanos: UInt64 = 10_000_000, depthSampleIntervalNanos: UInt64 = 10_000_000, depthSampleCapacity: Int = 1_024, seed: UInt64 = 1) {
        self.pollIntervalNanos = pollIntervalNanos
        self.depthSampleIntervalNanos = depthSampleIntervalNanos
        self.depthSampleCapacity = depthSampleCapacity
        self.seed = seed
    }
}
