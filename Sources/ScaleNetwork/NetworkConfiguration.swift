import ScaleSupport
/// How a simulated network behaves: per-link one-way delays, the call deadline, the random seed.
public struct NetworkConfiguration: Sendable, Hashable {
    /// Nodes `0..<nodeCount` exist; messages to others still flow but are counted together.
    public var nodeCount: Int
    /// One-way delay between two nodes.
    public var nodeDelay: LatencyDistribution
    /// One-way delay between a client and a node.
    public var clientDelay: LatencyDistribution
    /// Per directed link delays that override `nodeDelay` / `clientDelay` (e.g. a far replica).
    public var linkDelays: [NetworkLink: LatencyDistribution]
    /// How long a caller waits for a reply that never comes before failing with `.timeout`.
    public var callTimeoutNanos: UInt64
    /// What a call to a down node sees.
    public var downNodeReply: DownNodeReply
    /// Seed of every delay and loss draw.
    public var seed: UInt64

    /// A network of `nodeCount` nodes with `delay` on every link (`clientDelay`, if given, for
    /// client↔node links).
    public init(
        nodeCount: Int,
        delay: LatencyDistribution = .none,
        clientDelay: LatencyDistribution? = nil,
        callTimeoutNanos: UInt64 = 100_000_000,
        downNodeReply: DownNodeReply = .timeout,
        seed: UInt64 = 0
    ) {
        self.nodeCount = nodeCount
        self.nodeDelay = delay
        self.clientDelay = clientDelay ?? delay
        self.linkDelays = [:]
        self.callTimeoutNanos = callTimeoutNanos
        self.downNodeReply = downNodeReply
        self.seed = seed
    }

    /// The nodes of this network, `0..<nodeCount`.
    public var nodes: [NodeID] { (0..<max(nodeCount, 0)).map { NodeID($0) } }

    /// Sets the delay of every link from a member of `from` to a member of `to` (and back, if
    /// `bothWays`), e.g. to put one replica in another region.
    public mutating func setDelay(_ delay: LatencyDistribution, from: [NodeID], to: [NodeID], bothWays: Bool = true) {
        for source in from {
            for destination in to where source != destination {
                linkDelays[NetworkLink(from: source, to: destination)] = delay
                if bothWays { linkDelays[NetworkLink(from: destination, to: source)] = delay }
            }
        }
    }

    /// The one-way delay of messages from `from` to `to`.
    public func delay(from: NodeID, to: NodeID) -> LatencyDistribution {
        if !linkDelays.isEmpty, let delay = linkDelays[NetworkLink(from: from, to: to)] { return delay }
        return from.isClient || to.isClient ? clientDelay : nodeDelay
    }

    /// Whether any link has a delay (if not, and no fault is in force, calls skip all timing).
    public var usesDelays: Bool {
        !nodeDelay.isNone || !clientDelay.isNone || linkDelays.values.contains { !$0.isNone }
    }
}

/// A directed link; every client is the same endpoint `.client`.
public struct NetworkLink: Hashable, Sendable, CustomStringConvertible {
    public var from: NodeID
    public var to: NodeID

    public init(from: NodeID, to: NodeID) {
        self.from = from.faultIdentity
        self.to = to.faultIdentity
    }

    public var description: String { "\(from)->\(to)" }
}

/// What a call to a down node sees.
public enum DownNodeReply: Sendable, Hashable {
    /// Nothing: the caller waits the whole deadline and gets `.timeout` (a crashed host).
    case timeout
    /// "Connection refused" after one round trip: `.unreachable` (the process died, the host is up).
    case refuse
}
