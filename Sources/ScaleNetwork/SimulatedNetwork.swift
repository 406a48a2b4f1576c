import ScaleSupport
import Synchronization

/// A simulated network that every client→node and node→node call crosses.
///
/// Each message pays its link's one-way delay (see `NetworkConfiguration`), and faults (down nodes,
/// partitions, loss, slow nodes) decide whether it arrives. A call is a request and a reply, so it
/// pays two delays; a lost message makes the caller wait the deadline and fail with `.timeout`.
/// Waiting suspends the task on `PreciseSleeper` (no thread held, ~10 µs accuracy).
///
/// With no delays configured and no faults in force a call costs a few atomic increments: no clock
/// read, no lock, no timer.
public final class SimulatedNetwork: Sendable {
    /// The delays, deadline and seed this network was built with.
    public let configuration: NetworkConfiguration
    /// Message counts.
    public let counters: NetworkCounters

    let faults: Locked<NetworkFaultState>
    /// Mirrors `!faults.isClean` so the fast path needs no lock.
    @usableFromInline let faultsActive = Atomic<Bool>(false)
    @usableFromInline let usesDelays: Bool
    let sleeper: PreciseSleeper
    /// Per-sender message sequence numbers: each message's random draws derive from (seed, link, sequence).
    let sequences: AtomicSlotArray
    let streamSeed: UInt64

    /// Separate random streams kept for distinct clients (`.client(i)` folds modulo this).
    static let clientStreamCount = 64

    /// A network behaving as `configuration` says; delays are waited on `sleeper`.
    public init(_ configuration: NetworkConfiguration, sleeper: PreciseSleeper = .shared) {
        self.configuration = configuration
        counters = NetworkCounters(nodeCount: configuration.nodeCount)
        faults = Locked(NetworkFaultState())
        usesDelays = configuration.usesDelays
        self.sleeper = sleeper
        sequences = AtomicSlotArray(count: counters.nodeCount + 1 + Self.clientStreamCount)
        streamSeed = StableHash.mix(configuration.seed ^ 0x6E65_7477_6F72_6B00)
    }

    /// The nodes of this network, `0..<nodeCount`.
    public var nodes: [NodeID] { configuration.nodes }

    // MARK: faults

    /// The faults in force now.
    public var faultState: NetworkFaultState { faults.withLock { $0 } }

    /// Applies one fault change (what a nemesis event does).
    public func apply(_ action: NetworkFaultAction) {
        faults.withLock { state in
            state.apply(action)
            faultsActive.store(!state.isClean, ordering: .relaxed)
        }
    }

    /// Crashes `nodes`: calls to them fail (timeout, or `.unreachable` with `DownNodeReply.refuse`).
    public func takeDown(_ nodes: NodeID...) { apply(.down(nodes)) }

    /// Restarts `nodes`.
    public func bringUp(_ nodes: NodeID...) { apply(.up(nodes)) }

    /// Adds a partition; undo it with `heal(_:)` or `healAll()`.
    public func partition(_ partition: Partition) { apply(.partition(partition)) }

    /// Removes one active partition equal to `partition`.
    public func heal(_ partition: Partition) { apply(.heal(partition)) }

    /// Removes every partition.
    public func healAll() { apply(.healAll) }

    /// Drops each message with `probability` (0 turns loss off).
    public func setLoss(probability: Double) { apply(.loss(probability: probability)) }

    /// Clears every fault.
    public func resetFaults() { apply(.reset) }
}
