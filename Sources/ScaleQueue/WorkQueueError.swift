import ScaleSupport
import ScaleStorage

/// An error from the work queue: a code to match on plus a message for people.
public struct WorkQueueError: CodedError {
    /// What went wrong, stable across versions so callers can match on it.
    public typealias Code = ErrorCode<WorkQueueError>

    /// The kind of failure.
    public var code: Code
    /// What happened, with the values involved.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension ErrorCode where Domain == WorkQueueError {
    /// A configuration value is out of range.
    public static let invalidConfiguration = Self("invalidConfiguration")
    /// The queue holds `maxDepth` messages and the producer asked not to wait.
    public static let queueFull = Self("queueFull")
    /// The queue was closed.
    public static let closed = Self("closed")
    /// The queue's database held something the queue cannot read.
    public static let corruptRecord = Self("corruptRecord")
}
