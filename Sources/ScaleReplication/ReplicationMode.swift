import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// When the primary acknowledges a write to the client.
public enum ReplicationMode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// After every in-sync replica (the primary and each secondary that keeps up) applied it.
    case synchronous
    /// After `writeCount` nodes, the primary included, applied it (semi-synchronous when 2).
    case quorum(writeCount: Int)
    /// At once, after the primary applied it; secondaries apply it later.
    case asynchronous

    /// Short name for reports and the CLI: `sync`, `quorum-W`, `async`.
    public var description: String {
        switch self {
        case .synchronous: "sync"
        case .quorum(let writeCount): "quorum-\(writeCount)"
        case .asynchronous: "async"
        }
    }
}
