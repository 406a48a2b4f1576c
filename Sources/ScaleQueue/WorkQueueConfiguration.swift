import ScaleSupport
import ScaleStorage
/// Limits and timings of a work queue.
public struct WorkQueueConfiguration: Sendable, Hashable, Codable {
    /// Most messages pending (ready or in flight); producers meet back-pressure beyond it.
    public var maxDepth: Int
    /// How long a delivery may run before the message is redelivered to another worker.
    public var visibilityTimeoutNanos: UInt64
    /// Deliveries a message gets before it moves to the dead-letter queue.
    public var maxAttempts: Int
    /// Delay before a failed message is delivered again.
    public var backoff: RetryBackoff

    /// Creates a configuration; `validate()` checks it.
    public init(maxDepth: Int = 10_000, visibilityTimeoutNanos: UInt64 = 30_000_000_000, maxAttempts: Int = 5, backoff: RetryBackoff = RetryBackoff()) {
        self.maxDepth = maxDepth
        self.visibilityTimeoutNanos = visibilityTimeoutNanos
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    /// Throws `WorkQueueError.invalidConfiguration` when a value is out of range.
    public func validate() throws(WorkQueueError) {
        guard maxDepth >= 1 else { throw WorkQueueError(.invalidConfiguration, "maxDepth must be >= 1, got \(maxDepth)") }
        guard maxAttempts >= 1 else { throw WorkQueueError(.invalidConfiguration, "maxAttempts must be >= 1, got \(maxAttempts)") }
        guard visibilityTimeoutNanos >= 1 else {
            throw WorkQueueError(.invalidConfiguration, "visibilityTimeoutNanos must be >= 1")
        }
        try backoff.validate()
    }
}
