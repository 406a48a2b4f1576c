import ScaleSupport
/// Why a call over the simulated network failed.
///
/// `errorKindLabel` ("timeout", "unreachable") is what reports count failures under.
public struct NetworkError: CodedError {
    /// The failure class.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Stable label, used as `errorKindLabel`.
        public let label: String

        /// No reply within the deadline: the request or the reply was lost (loss, partition, node down).
        /// The caller waited the whole deadline, as a real client would.
        public static let timeout = Code(label: "timeout")
        /// The destination node is down and refuses connections (`DownNodeReply.refuse`): fails
        /// after one round trip instead of the deadline.
        public static let unreachable = Code(label: "unreachable")

        public var description: String { label }
    }

    public var code: Code
    /// The caller.
    public var from: NodeID
    /// The node that was called.
    public var to: NodeID
    /// The message kind of the call.
    public var kind: MessageKind
    /// How long the caller waited before the failure was reported.
    public var waitedNanos: UInt64

    public init(_ code: Code, from: NodeID, to: NodeID, kind: MessageKind, waitedNanos: UInt64) {
        self.code = code
        self.from = from
        self.to = to
        self.kind = kind
        self.waitedNanos = waitedNanos
    }

    /// Label failures are counted under in reports: "timeout" or "unreachable".
    public var errorKindLabel: String { code.label }

    /// Who called whom, and how long the caller waited.
    public var message: String {
        let waited = NetworkDurationText.text(nanos: waitedNanos / 1_000 * 1_000)
        switch code {
        case .unreachable:
            return "\(to) refused '\(kind)' from \(from) after \(waited) (node is down)"
        default:
            return "no reply from \(to) to '\(kind)' from \(from) within \(waited) (message lost, partition or node down)"
        }
    }
}
