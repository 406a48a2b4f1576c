import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// Why a replicated operation failed: a stable code plus a message for people.
public struct ReplicationError: CodedError {
    /// What went wrong, stable enough to count by.
    public enum Code: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The node is not the primary (a secondary, or a primary that stepped down).
        case notPrimary
        /// The request carried an epoch that does not match the node's: a fenced (old) primary or stale client view.
        case staleEpoch
        /// The primary's lease from the coordinator ran out; it refuses writes until renewed.
        case leaseExpired
        /// The primary stepped down before the write committed; it may or may not survive.
        case deposed
        /// Too many writes are waiting for acknowledgement.
        case overloaded
        /// The operation did not complete in time.
        case timeout
        /// The target node cannot be reached (crashed or partitioned).
        case unreachable
        /// The replica set was shut down.
        case closed
        /// The configuration is invalid.
        case invalidConfiguration
        /// The storage node failed to apply or read.
        case storage

        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Details for people: which node, which epoch or position.
    public var message: String

    /// An error with `code`, explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Short, stable label for counting errors by kind (matches LoadGenerator's `errorKindLabel`).
    public var errorKindLabel: String { code.rawValue }
}
