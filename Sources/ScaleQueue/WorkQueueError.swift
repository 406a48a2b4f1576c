import ScaleSupport
import ScaleStorage
/// An error from the work queue: a code to match on plus a message for people.
public struct WorkQueueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, stable across versions so callers can match on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A configuration value is out of range.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The queue holds `maxDepth` messages and the producer asked not to wait.
        public static let queueFull = Code("queueFull")
        /// The queue was closed.
        public static let closed = Code("closed")
        /// The queue's database held something the queue cannot read.
        public static let corruptRecord = Code("corruptRecord")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, with the values involved.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "WorkQueueError.\(code): \(message)" }
}
