import ScaleSupport
/// One change to the network's faults; what a nemesis event does, also callable directly.
public enum NetworkFaultAction: Sendable, Hashable, CustomStringConvertible {
    /// Crash nodes: they neither receive nor send until brought up.
    case down([NodeID])
    /// Restart nodes taken down.
    case up([NodeID])
    /// Add a partition (partitions stack: a message is dropped if any active one blocks it).
    case partition(Partition)
    /// Remove one active partition equal to this one (a no-op if none is active).
    case heal(Partition)
    /// Remove every partition.
    case healAll
    /// Drop each message independently with this probability (0 turns loss off).
    case loss(probability: Double)
    /// Add `extraNanos` to every message to or from these nodes (0 turns it off): a gray failure.
    case slow([NodeID], extraNanos: UInt64)
    /// Clear every fault: all nodes up, no partitions, no loss, no slow nodes.
    case reset

    /// Schedule syntax for the action, e.g. "down:2", "partition:0,1|2", "loss:0.1".
    public var description: String {
        func list(_ nodes: [NodeID]) -> String { nodes.map(NemesisText.node).joined(separator: ",") }
        switch self {
        case .down(let nodes): return "down:\(list(nodes))"
        case .up(let nodes): return "up:\(list(nodes))"
        case .partition(let partition): return "partition:\(partition)"
        case .heal(let partition): return "heal:\(partition)"
        case .healAll: return "heal"
        case .loss(let probability): return "loss:\(probability)"
        case .slow(let nodes, let extraNanos): return "slow:\(list(nodes)):\(NetworkDurationText.text(nanos: extraNanos))"
        case .reset: return "reset"
        }
    }
}
