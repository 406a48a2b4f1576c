import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// The primary–secondary replication protocol of one node, as a pure state machine:
/// an event goes in (with the time it happened), actions come out. No threads, timers or I/O,
/// so every transition is unit-tested directly; the runtime `ReplicaSet` feeds it real events.
///
/// Roles are assigned by the `FailoverCoordinator` (`promote` / `follow`); epochs fence old
/// primaries: a message or write from an older epoch is refused, and a primary that sees a newer
/// epoch steps down. Secondaries check each append against their log (previous position and
/// epoch, as in Raft) and roll back a divergent suffix before applying.
public struct ReplicaStateMachine: Sendable {
    /// This node.
    public let id: ReplicaID
    /// Membership, mode and timing shared by the set.
    public let configuration: Configuration
    /// The newest epoch this node has seen.
    public internal(set) var epoch: Epoch = .zero
    /// Primary or secondary.
    public internal(set) var role: Role = .secondary
    /// The primary this node follows (itself when primary), if known.
    public internal(set) var primaryID: ReplicaID?
    /// The node's copy of the change log (its retained window).
    public internal(set) var log = ReplicationLog()
    /// See `Status.matchedPosition`.
    public internal(set) var matchedPosition: LogPosition = .zero
    /// How far the log is acknowledged, as far as this node knows.
    public internal(set) var commitPosition: LogPosition = .zero
    /// Primary only: progress of each secondary, in member order.
    var followers: [FollowerProgress] = []
    var pendingWrites = PendingWriteQueue()
    /// Primary only: writes are refused from this time on unless the lease is renewed.
    public internal(set) var leaseUntilNanos: UInt64 = 0
    /// Secondary only: appends of the current epoch that arrived ahead of a gap (links may
    /// reorder), applied once the gap fills, as TCP would reassemble them.
    var reorderBuffer: [AppendRequest] = []
    /// Primary only: every member holds the log up to here (in this epoch).
    var everywherePosition: LogPosition = .zero
    /// Primary only: the in-sync set last asked of the coordinator, and when.
    var inSyncRequest: (members: [ReplicaID], sentNanos: UInt64)?

    /// A node that starts as a secondary with an empty log, waiting for the coordinator.
    public init(id: ReplicaID, configuration: Configuration) {
        self.id = id
        self.configuration = configuration
    }

    /// Handles `event` at `nowNanos`, appending the resulting actions to `actions`.
    public mutating func handle(_ event: Event, nowNanos: UInt64, into actions: inout [Action]) {
        switch event {
        case .write(let requestID, let changes, let expectedEpoch):
            write(requestID: requestID, changes: changes, expectedEpoch: expectedEpoch, nowNanos: nowNanos, into: &actions)
        case .message(let sender, .append(let request)):
            receiveAppend(request, from: sender, nowNanos: nowNanos, into: &actions)
        case .message(let sender, .appendResponse(let response)):
            receiveAppendResponse(response, from: sender, nowNanos: nowNanos, into: &actions)
        case .tick:
            tick(nowNanos: nowNanos, into: &actions)
        case .promote(let newEpoch, let inSync, let leaseUntil):
            promote(epoch: newEpoch, inSync: inSync, leaseUntilNanos: leaseUntil, nowNanos: nowNanos, into: &actions)
        case .follow(let primary, let newEpoch):
            follow(primary: primary, epoch: newEpoch, into: &actions)
        case .inSyncSetConfirmed(let confirmedEpoch, let members):
            confirmInSyncSet(epoch: confirmedEpoch, members: members, into: &actions)
        case .renewLease(let leaseEpoch, let untilNanos):
            if role == .primary, leaseEpoch == epoch { leaseUntilNanos = max(leaseUntilNanos, untilNanos) }
        }
        _checkInvariants()
    }

    /// Handles `event` at `nowNanos` and returns the actions (convenient in tests).
    public mutating func handle(_ event: Event, nowNanos: UInt64) -> [Action] {
        var actions: [Action] = []
        handle(event, nowNanos: nowNanos, into: &actions)
        return actions
    }

    /// The node's state as the coordinator and read router see it.
    public var status: Status {
        Status(
            id: id, role: role, epoch: epoch, primary: primaryID,
            lastPosition: log.lastPosition, lastEpoch: log.lastEpoch,
            matchedPosition: matchedPosition, commitPosition: commitPosition,
            inSyncReplicas: followers.filter(\.isInSync).map(\.id),
            leaseUntilNanos: role == .primary ? leaseUntilNanos : 0
        )
    }

    /// Primary only: each secondary's highest position known to match, in member order.
    public var followerMatchPositions: [(id: ReplicaID, matchPosition: LogPosition)] {
        followers.map { ($0.id, $0.matchPosition) }
    }

    /// Number of writes waiting for acknowledgement.
    public var pendingWriteCount: Int { pendingWrites.count }

    /// Becomes a secondary in `newEpoch`, failing writes that had not committed.
    mutating func stepDown(to newEpoch: Epoch, primary: ReplicaID?, into actions: inout [Action]) {
        let wasPrimary = role == .primary
        if newEpoch > epoch { matchedPosition = .zero }
        epoch = max(epoch, newEpoch)
        role = .secondary
        primaryID = primary
        followers = []
        reorderBuffer = []
        inSyncRequest = nil
        leaseUntilNanos = 0
        for pending in pendingWrites.removeAll() {
            let error = ReplicationError(.deposed, "\(id) stepped down to \(epoch) before write \(pending.position) committed")
            actions.append(.reject(requestID: pending.requestID, error))
        }
        if wasPrimary { actions.append(.roleChanged(.secondary, epoch)) }
    }

    /// Debug-only consistency checks run after every event.
    func _checkInvariants() {
        #if DEBUG
        assert(matchedPosition <= log.lastPosition, "matched \(matchedPosition) beyond log end \(log.lastPosition)")
        assert(role == .primary || followers.isEmpty, "a secondary tracks no followers")
        assert(role == .primary || pendingWrites.count == 0, "a secondary holds no pending writes")
        assert(role != .primary || primaryID == id, "a primary follows itself")
        for follower in followers {
            assert(follower.matchPosition <= log.lastPosition, "\(follower.id) matched beyond the primary's log")
            assert(follower.messagesInFlight <= configuration.maxMessagesInFlight, "window exceeded for \(follower.id)")
        }
        #endif
    }
}
