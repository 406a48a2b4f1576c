import ScaleSupport
/// The faults in force on a network: a pure value, changed only by `apply(_:)`.
///
/// `SimulatedNetwork` keeps one behind a mutex; tests drive it directly without threads.
public struct NetworkFaultState: Sendable, Hashable {
    /// Nodes that are down (crashed).
    public private(set) var downNodes: Set<NodeID> = []
    /// Active partitions, oldest first.
    public private(set) var partitions: [Partition] = []
    /// Probability that any one message is lost.
    public private(set) var lossProbability: Double = 0
    /// Extra one-way delay on messages to or from each slow node.
    public private(set) var extraDelayNanosByNode: [NodeID: UInt64] = [:]

    public init() {}

    /// Whether no fault is in force (the network may take its fast path).
    public var isClean: Bool {
        downNodes.isEmpty && partitions.isEmpty && lossProbability == 0 && extraDelayNanosByNode.isEmpty
    }

    /// Applies one change.
    public mutating func apply(_ action: NetworkFaultAction) {
        switch action {
        case .down(let nodes):
            downNodes.formUnion(nodes.filter { !$0.isClient })
        case .up(let nodes):
            downNodes.subtract(nodes)
        case .partition(let partition):
            partitions.append(partition)
        case .heal(let partition):
            if let index = partitions.firstIndex(of: partition) { partitions.remove(at: index) }
        case .healAll:
            partitions.removeAll()
        case .loss(let probability):
            // NaN compares false both ways and lands on 0.
            lossProbability = probability > 0 ? min(probability, 1) : 0
        case .slow(let nodes, let extraNanos):
            for node in nodes.map(\.faultIdentity) {
                extraDelayNanosByNode[node] = extraNanos > 0 ? min(extraNanos, NetworkDurationText.maximumNanos) : nil
            }
        case .reset:
            self = NetworkFaultState()
        }
    }

    /// What happens to a message from `from` to `to` under these faults.
    public func verdict(from: NodeID, to: NodeID) -> LinkVerdict {
        let source = from.faultIdentity
        let destination = to.faultIdentity
        // A crashed node sends nothing; a partition hides the destination even if it is down.
        if downNodes.contains(source) { return .dropped }
        if partitions.contains(where: { $0.blocks(from: source, to: destination) }) { return .dropped }
        if downNodes.contains(destination) { return .destinationDown }
        let extraNanos = (extraDelayNanosByNode[source] ?? 0) &+ (extraDelayNanosByNode[destination] ?? 0)
        return .open(extraDelayNanos: extraNanos, lossProbability: lossProbability)
    }
}

/// The fate of one message under the current faults.
public enum LinkVerdict: Sendable, Hashable {
    /// Delivered after the link's delay plus `extraDelayNanos`, unless lost with `lossProbability`.
    case open(extraDelayNanos: UInt64, lossProbability: Double)
    /// Silently dropped (sender down or partitioned away).
    case dropped
    /// The destination is down: dropped, or refused if the network is configured to refuse.
    case destinationDown
}
