import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// How a `MultiPrimaryCluster` runs.
public struct MultiPrimaryConfiguration: Sendable, Hashable {
    /// Primaries in the cluster.
    public var nodeCount: Int
    /// How concurrent writes are resolved.
    public var policy: ConflictPolicy
    /// Unacknowledged row states are resent after this long.
    public var retransmitTimeoutNanos: UInt64
    /// How often nodes get a `tick`.
    public var tickIntervalNanos: UInt64
    /// Offset of each node's physical clock (index = node), to show what hybrid clocks do under skew.
    public var clockSkewNanos: [Int64]

    /// A cluster of `nodeCount` primaries resolving conflicts by `policy`.
    public init(nodeCount: Int = 3, policy: ConflictPolicy = .lastWriterWins, retransmitTimeoutNanos: UInt64 = 20_000_000, tickIntervalNanos: UInt64 = 1_000_000, clockSkewNanos: [Int64] = []) {
        self.nodeCount = nodeCount
        self.policy = policy
        self.retransmitTimeoutNanos = retransmitTimeoutNanos
        self.tickIntervalNanos = tickIntervalNanos
        self.clockSkewNanos = clockSkewNanos
    }

    /// Members `r0 ... r(count-1)`.
    public var members: [ReplicaID] { (0..<max(nodeCount, 0)).map(ReplicaID.init) }

    /// Throws `.invalidConfiguration` when the settings cannot work.
    public func validate() throws(ReplicationError) {
        if nodeCount < 1 { throw ReplicationError(.invalidConfiguration, "a cluster needs at least one node") }
        if !clockSkewNanos.isEmpty, clockSkewNanos.count != nodeCount {
            throw ReplicationError(.invalidConfiguration, "give a clock skew for each of the \(nodeCount) nodes, or none")
        }
        if tickIntervalNanos == 0 || retransmitTimeoutNanos == 0 {
            throw ReplicationError(.invalidConfiguration, "tick interval and retransmit timeout must be positive")
        }
    }

    /// Node `index`'s physical clock offset.
    func skewNanos(of index: Int) -> Int64 { clockSkewNanos.isEmpty ? 0 : clockSkewNanos[index] }
}
