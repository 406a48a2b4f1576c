import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A message between the primaries of a multi-primary cluster.
public enum MultiPrimaryMessage: Sendable, Hashable {
    /// The sender's current versions of `row` (state-based: a later one subsumes earlier ones).
    case rowState(sequence: UInt64, row: RowKey, versions: [RowVersion])
    /// The receiver merged the row state sent under `sequence`.
    case acknowledge(sequence: UInt64, row: RowKey)
}

/// One node of a multi-primary cluster, as a pure state machine: every node accepts writes,
/// stamps them with a hybrid logical clock and a version vector, and ships each changed row's
/// state to every peer until acknowledged. Concurrent writes are detected with the vectors and
/// resolved by the `ConflictPolicy` (last-writer-wins or siblings); conflicts are counted.
public struct MultiPrimaryStateMachine: Sendable {
    /// Membership and timing.
    public struct Configuration: Sendable, Hashable {
        /// Every primary of the cluster.
        public var members: [ReplicaID]
        /// How concurrent writes are resolved.
        public var policy: ConflictPolicy
        /// A row state unacknowledged this long is sent again (with the row's current versions).
        public var retransmitTimeoutNanos: UInt64
        /// Resends per peer per tick, so a long-down peer is not flooded when many rows changed.
        public var maxResendsPerTick: Int

        /// A configuration for `members` resolving conflicts by `policy`.
        public init(members: [ReplicaID], policy: ConflictPolicy, retransmitTimeoutNanos: UInt64 = 50_000_000, maxResendsPerTick: Int = 256) {
            self.members = members
            self.policy = policy
            self.retransmitTimeoutNanos = retransmitTimeoutNanos
            self.maxResendsPerTick = maxResendsPerTick
        }
    }

    /// What can happen to a node; handled with the node's physical clock reading.
    public enum Event: Sendable, Hashable {
        /// A client writes `change` here. In sibling mode `context` is `RowVersion.context(of:)` of
        /// the versions the client read (and merged); nil means "everything this node has seen".
        case write(requestID: UInt64, change: RowChange, context: VersionVector?)
        case message(from: ReplicaID, MultiPrimaryMessage)
        /// Time passed: unacknowledged row states are resent.
        case tick
    }

    /// What the runtime must do, in order.
    public enum Action: Sendable, Hashable {
        /// Persist the row's versions (one for last-writer-wins; possibly several siblings).
        case store(RowKey, [RowVersion])
        case send(to: ReplicaID, MultiPrimaryMessage)
        /// The local write is done (multi-primary writes are acknowledged locally).
        case acknowledge(requestID: UInt64, RowVersion)
    }

    /// Row states sent to one peer and not yet acknowledged.
    private struct Outbox: Sendable {
        var unacknowledged: [RowKey: (sequence: UInt64, lastSentNanos: UInt64)] = [:]
        /// Send order for retransmission; entries whose sequence is no longer current are skipped.
        var order: [(row: RowKey, sequence: UInt64)] = []
        var headIndex = 0
    }

    /// This node.
    public let id: ReplicaID
    /// Membership, policy and timing.
    public let configuration: Configuration
    /// The node's hybrid logical clock.
    public private(set) var clock = HybridLogicalClock()
    /// Every row this node holds, with its versions.
    public private(set) var rows: [RowKey: [RowVersion]] = [:]
    private var outboxes: [ReplicaID: Outbox] = [:]
    private var peers: [ReplicaID]
    private var nextSequence: UInt64 = 0
    /// Incoming versions that were concurrent with a local one.
    public private(set) var conflictCount = 0
    /// Writes made here.
    public private(set) var localWriteCount = 0

    /// A node with no rows.
    public init(id: ReplicaID, configuration: Configuration) {
        self.id = id
        self.configuration = configuration
        peers = configuration.members.filter { $0 != id }
    }

    /// The versions this node holds for `row` (empty if never written).
    public func versions(of row: RowKey) -> [RowVersion] { rows[row] ?? [] }

    /// Number of rows this node holds.
    public var rowCount: Int { rows.count }

    /// Row states waiting for a peer's acknowledgement.
    public var unacknowledgedCount: Int { outboxes.values.reduce(0) { $0 + $1.unacknowledged.count } }

    /// Handles `event` at physical time `nowNanos`, returning the actions.
    public mutating func handle(_ event: Event, nowNanos: UInt64) -> [Action] {
        var actions: [Action] = []
        switch event {
        case .write(let requestID, let change, let context):
            let row = change.rowKey
            let local = rows[row] ?? []
            let dot = RowVersionMerge.dotForWrite(at: id, local: local, clientContext: configuration.policy == .siblings ? context : nil)
            let version = RowVersion(
                value: change.value, timestamp: clock.tick(physicalNanos: nowNanos), origin: id, counter: dot.counter, context: dot.context
            )
            localWriteCount += 1
            let merged = RowVersionMerge.merge(local: local, incoming: [version], policy: configuration.policy)
            conflictCount += merged.conflicts
            rows[row] = merged.versions
            actions.append(.store(row, merged.versions))
            actions.append(.acknowledge(requestID: requestID, version))
            broadcast(row, nowNanos: nowNanos, into: &actions)
        case .message(let sender, .rowState(let sequence, let row, let incoming)):
            for version in incoming { _ = clock.receive(version.timestamp, physicalNanos: nowNanos) }
            let local = rows[row] ?? []
            let merged = RowVersionMerge.merge(local: local, incoming: incoming, policy: configuration.policy)
            conflictCount += merged.conflicts
            if merged.versions != local {
                rows[row] = merged.versions
                actions.append(.store(row, merged.versions))
            }
            actions.append(.send(to: sender, .acknowledge(sequence: sequence, row: row)))
        case .message(let sender, .acknowledge(let sequence, let row)):
            if outboxes[sender]?.unacknowledged[row]?.sequence == sequence {
                outboxes[sender]?.unacknowledged[row] = nil
            }
        case .tick:
            for peer in peers { retransmit(to: peer, nowNanos: nowNanos, into: &actions) }
        }
        return actions
    }

    private mutating func broadcast(_ row: RowKey, nowNanos: UInt64, into actions: inout [Action]) {
        nextSequence &+= 1
        let versions = rows[row] ?? []
        for peer in peers {
            outboxes[peer, default: Outbox()].unacknowledged[row] = (nextSequence, nowNanos)
            outboxes[peer, default: Outbox()].order.append((row, nextSequence))
            actions.append(.send(to: peer, .rowState(sequence: nextSequence, row: row, versions: versions)))
        }
    }

    private mutating func retransmit(to peer: ReplicaID, nowNanos: UInt64, into actions: inout [Action]) {
        guard var outbox = outboxes[peer] else { return }
        var resent: [(row: RowKey, sequence: UInt64)] = []
        while outbox.headIndex < outbox.order.count, resent.count < configuration.maxResendsPerTick {
            let next = outbox.order[outbox.headIndex]
            guard let pending = outbox.unacknowledged[next.row], pending.sequence == next.sequence else {
                outbox.headIndex += 1
                continue
            }
            // Later entries were sent later, so none of them is due either.
            guard MonotonicClock.elapsedNanos(from: pending.lastSentNanos, to: nowNanos) >= configuration.retransmitTimeoutNanos else { break }
            outbox.headIndex += 1
            outbox.unacknowledged[next.row] = (next.sequence, nowNanos)
            resent.append(next)
            actions.append(.send(to: peer, .rowState(sequence: next.sequence, row: next.row, versions: rows[next.row] ?? [])))
        }
        outbox.order.append(contentsOf: resent)
        if outbox.headIndex > 1024, outbox.headIndex * 2 > outbox.order.count {
            outbox.order.removeFirst(outbox.headIndex)
            outbox.headIndex = 0
        }
        outboxes[peer] = outbox
    }
}
