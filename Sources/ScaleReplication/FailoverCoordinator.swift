import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// Watches a replica set and assigns roles, as a pure state machine (a stand-in for Sentinel,
/// Patroni or a ZooKeeper-backed controller, assumed reliable itself).
///
/// It learns node health from status reports; when the primary has been silent longer than the
/// failure timeout it promotes the most up-to-date live secondary (highest last epoch, then last
/// position, then in-sync, then lowest id) in a new epoch. The primary's in-sync set shrinks only
/// through the coordinator (as Kafka's ISR does), so it knows whether a promotion is clean. It grants the primary a lease on each report; since
/// the lease is shorter than the failure timeout, an old primary's lease has run out before its
/// successor is promoted, so it cannot acknowledge writes alongside it.
public struct FailoverCoordinator: Sendable {
    /// Membership and timing.
    public struct Configuration: Sendable, Hashable {
        /// Every node of the set.
        public var members: [ReplicaID]
        /// The node made primary in epoch 1.
        public var initialPrimary: ReplicaID
        /// Silence after which a node counts as down.
        public var failureTimeoutNanos: UInt64
        /// How long a primary's lease lasts after the report that renewed it.
        public var leaseNanos: UInt64

        /// A configuration; `leaseNanos` must be shorter than `failureTimeoutNanos`.
        public init(members: [ReplicaID], initialPrimary: ReplicaID, failureTimeoutNanos: UInt64 = 150_000_000, leaseNanos: UInt64 = 100_000_000) {
            self.members = members
            self.initialPrimary = initialPrimary
            self.failureTimeoutNanos = failureTimeoutNanos
            self.leaseNanos = leaseNanos
        }

        /// Throws `.invalidConfiguration` when the lease could outlive failure detection.
        public func validate() throws(ReplicationError) {
            if !members.contains(initialPrimary) {
                throw ReplicationError(.invalidConfiguration, "initial primary \(initialPrimary) is not a member")
            }
            if leaseNanos == 0 || leaseNanos >= failureTimeoutNanos {
                throw ReplicationError(.invalidConfiguration, "lease (\(leaseNanos) ns) must be positive and shorter than the failure timeout (\(failureTimeoutNanos) ns)")
            }
        }
    }

    /// What the coordinator observes.
    public enum Event: Sendable, Hashable {
        /// A node answered a status poll.
        case statusReport(ReplicaStateMachine.Status)
        /// Time passed; checks the primary's health (and starts epoch 1 the first time).
        case tick
        /// The primary of `epoch` asks to shrink its in-sync set to `members`.
        case inSyncSetRequest(from: ReplicaID, epoch: Epoch, members: [ReplicaID])
    }

    /// Commands for nodes, delivered by the runtime.
    public enum Action: Sendable, Hashable {
        case promote(ReplicaID, epoch: Epoch, inSync: [ReplicaID], leaseUntilNanos: UInt64)
        case follow(ReplicaID, primary: ReplicaID, epoch: Epoch)
        case renewLease(ReplicaID, epoch: Epoch, untilNanos: UInt64)
        /// The in-sync set of `epoch` is now `members` (the answer to an `inSyncSetRequest`).
        case confirmInSyncSet(ReplicaID, epoch: Epoch, members: [ReplicaID])
        /// A failover happened (for reports; the runtime counts lost writes from it).
        case failedOver(FailoverRecord)
    }

    /// Membership and timing.
    public let configuration: Configuration
    /// The current epoch (the last promotion's).
    public private(set) var epoch: Epoch = .zero
    /// The current primary, once one was promoted.
    public private(set) var primary: ReplicaID?
    /// The secondaries the primary keeps in sync, as confirmed or last reported.
    public private(set) var inSyncReplicas: [ReplicaID] = []
    private var lastHeardNanos: [ReplicaID: UInt64] = [:]
    private var lastStatus: [ReplicaID: ReplicaStateMachine.Status] = [:]
    /// Every failover so far, oldest first.
    public private(set) var failovers: [FailoverRecord] = []

    /// A coordinator that promotes `configuration.initialPrimary` on its first tick.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Handles `event` at `nowNanos` and returns the commands to deliver.
    public mutating func handle(_ event: Event, nowNanos: UInt64) -> [Action] {
        switch event {
        case .statusReport(let status):
            return receive(status, nowNanos: nowNanos)
        case .tick:
            return tick(nowNanos: nowNanos)
        case .inSyncSetRequest(let sender, let requestEpoch, let members):
            // Only the current primary may shrink the set; a fenced one never gets the confirmation it waits for.
            guard sender == primary, requestEpoch == epoch else { return [] }
            inSyncReplicas = members
            return [.confirmInSyncSet(sender, epoch: epoch, members: members)]
        }
    }

    /// Whether `node` answered within the failure timeout.
    public func isAlive(_ node: ReplicaID, nowNanos: UInt64) -> Bool {
        guard let heard = lastHeardNanos[node] else { return false }
        return MonotonicClock.elapsedNanos(from: heard, to: nowNanos) <= configuration.failureTimeoutNanos
    }

    private mutating func receive(_ status: ReplicaStateMachine.Status, nowNanos: UInt64) -> [Action] {
        guard configuration.members.contains(status.id) else { return [] }
        lastHeardNanos[status.id] = nowNanos
        lastStatus[status.id] = status
        guard let primary else { return [] }
        if status.id == primary {
            if status.role == .primary, status.epoch == epoch {
                // The primary grows its in-sync set on its own (always safe); shrinks come by request.
                inSyncReplicas = status.inSyncReplicas
                return [.renewLease(primary, epoch: epoch, untilNanos: nowNanos &+ configuration.leaseNanos)]
            }
            // The promotion was lost or is still on its way: repeat it, with the same in-sync set
            // (not just the nodes heard from so far, or a sync primary could start alone).
            return [.promote(primary, epoch: epoch, inSync: inSyncReplicas, leaseUntilNanos: nowNanos &+ configuration.leaseNanos)]
        }
        if status.role == .primary || status.epoch < epoch || status.primary != primary {
            return [.follow(status.id, primary: primary, epoch: epoch)]
        }
        return []
    }

    private mutating func tick(nowNanos: UInt64) -> [Action] {
        guard let current = primary else {
            let first = configuration.initialPrimary
            return promote(first, nowNanos: nowNanos, oldPrimary: nil)
        }
        guard !isAlive(current, nowNanos: nowNanos) else { return [] }
        let candidates = configuration.members.filter { $0 != current && isAlive($0, nowNanos: nowNanos) && lastStatus[$0] != nil }
        guard let best = candidates.max(by: { isLessUpToDate($0, than: $1) }) else { return [] }
        return promote(best, nowNanos: nowNanos, oldPrimary: current)
    }

    /// Raft's "more up to date": a later last epoch wins, then a longer log; ties go to an
    /// in-sync node, then to the lower id.
    private func isLessUpToDate(_ a: ReplicaID, than b: ReplicaID) -> Bool {
        guard let sa = lastStatus[a], let sb = lastStatus[b] else { return lastStatus[a] == nil }
        if sa.lastEpoch != sb.lastEpoch { return sa.lastEpoch < sb.lastEpoch }
        if sa.lastPosition != sb.lastPosition { return sa.lastPosition < sb.lastPosition }
        let aInSync = inSyncReplicas.contains(a)
        if aInSync != inSyncReplicas.contains(b) { return !aInSync }
        return a > b
    }

    private mutating func promote(_ node: ReplicaID, nowNanos: UInt64, oldPrimary: ReplicaID?) -> [Action] {
        let newestSeen = lastStatus.values.map(\.epoch).max() ?? .zero
        epoch = max(epoch, newestSeen).next
        primary = node
        lastHeardNanos[node] = nowNanos
        // A clean promotion keeps every acknowledged synchronous write: the node was in sync.
        let wasClean = oldPrimary == nil || inSyncReplicas.contains(node)
        let inSync = oldPrimary == nil ? configuration.members.filter { $0 != node } : liveSecondaries(nowNanos: nowNanos)
        inSyncReplicas = inSync
        var actions: [Action] = [.promote(node, epoch: epoch, inSync: inSync, leaseUntilNanos: nowNanos &+ configuration.leaseNanos)]
        for other in configuration.members where other != node && (oldPrimary == nil || isAlive(other, nowNanos: nowNanos)) {
            actions.append(.follow(other, primary: node, epoch: epoch))
        }
        if let oldPrimary {
            let record = FailoverRecord(
                oldPrimary: oldPrimary, newPrimary: node, epoch: epoch, atNanos: nowNanos,
                newPrimaryReportedPosition: lastStatus[node]?.lastPosition ?? .zero,
                oldPrimaryReportedPosition: lastStatus[oldPrimary]?.lastPosition ?? .zero,
                wasClean: wasClean
            )
            failovers.append(record)
            actions.append(.failedOver(record))
        }
        return actions
    }

    private func liveSecondaries(nowNanos: UInt64) -> [ReplicaID] {
        configuration.members.filter { $0 != primary && isAlive($0, nowNanos: nowNanos) }
    }
}

extension FailoverCoordinator.Action {
    /// The command as the event its target node handles; nil for the `.failedOver` report.
    public var command: (target: ReplicaID, event: ReplicaStateMachine.Event)? {
        switch self {
        case .promote(let target, let epoch, let inSync, let leaseUntil):
            (target, .promote(epoch: epoch, inSync: inSync, leaseUntilNanos: leaseUntil))
        case .follow(let target, let primary, let epoch):
            (target, .follow(primary: primary, epoch: epoch))
        case .renewLease(let target, let epoch, let until):
            (target, .renewLease(epoch: epoch, untilNanos: until))
        case .confirmInSyncSet(let target, let epoch, let members):
            (target, .inSyncSetConfirmed(epoch: epoch, members: members))
        case .failedOver:
            nil
        }
    }
}

/// One promotion after a primary failed.
public struct FailoverRecord: Sendable, Hashable, Codable {
    /// The primary that went silent.
    public var oldPrimary: ReplicaID
    /// The secondary promoted in its place.
    public var newPrimary: ReplicaID
    /// The new primary's epoch.
    public var epoch: Epoch
    /// When the coordinator decided (monotonic nanoseconds).
    public var atNanos: UInt64
    /// Last log positions the coordinator had seen from each (its view; the runtime counts exact losses).
    public var newPrimaryReportedPosition: LogPosition
    /// The old primary's last reported log position.
    public var oldPrimaryReportedPosition: LogPosition
    /// Whether the new primary was in the old one's in-sync set; if not, synchronous writes
    /// acknowledged by a shrunken set may be lost (an "unclean" promotion, as Kafka calls it).
    public var wasClean: Bool
}
