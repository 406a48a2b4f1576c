import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaStateMachine {
    /// A node's role in the replica set.
    public enum Role: String, Sendable, Hashable, Codable {
        case primary
        case secondary
    }

    /// Everything that can happen to a replica; each is handled with the time it happened.
    public enum Event: Sendable, Hashable {
        /// A client asks this node to write `changes`. `expectedEpoch` is the client's view of the
        /// current epoch (its fencing token); nil skips that check.
        case write(requestID: UInt64, changes: [RowChange], expectedEpoch: Epoch?)
        /// A replication message from another member arrived.
        case message(from: ReplicaID, ReplicationMessage)
        /// Time passed: heartbeats, retransmissions and in-sync-set upkeep are due.
        case tick
        /// The coordinator makes this node primary for `epoch`; `inSync` names the secondaries it
        /// saw alive (sync mode waits for them), and the lease lasts until `leaseUntilNanos`.
        case promote(epoch: Epoch, inSync: [ReplicaID], leaseUntilNanos: UInt64)
        /// The coordinator tells this node to follow `primary` in `epoch` (demotes an old primary).
        case follow(primary: ReplicaID, epoch: Epoch)
        /// The coordinator extends the primary's lease for `epoch` until `untilNanos`.
        case renewLease(epoch: Epoch, untilNanos: UInt64)
        /// The coordinator accepted the primary's request to shrink the in-sync set of `epoch` to `members`.
        case inSyncSetConfirmed(epoch: Epoch, members: [ReplicaID])
    }

    /// What the runtime must do after an event, in the order given.
    public enum Action: Sendable, Hashable {
        /// Apply these entries to local storage, in order, atomically per entry.
        case apply([LogEntry])
        /// Undo these already-applied entries (newest first): they diverge from the primary's log.
        case rollBack([LogEntry])
        /// Send a message to another member.
        case send(to: ReplicaID, ReplicationMessage)
        /// The write is acknowledged: it reached as many replicas as the mode requires.
        case acknowledge(requestID: UInt64, WriteReceipt)
        /// The write failed; with `.deposed` it may still survive.
        case reject(requestID: UInt64, ReplicationError)
        /// This node became primary or secondary in `epoch`.
        case roleChanged(Role, Epoch)
        /// Ask the coordinator to shrink the in-sync set of `epoch` to these secondaries (they went silent).
        case requestInSyncSet(epoch: Epoch, [ReplicaID])
        /// The primary's set of in-sync secondaries changed.
        case inSyncSetChanged([ReplicaID])
        /// Entries up to here left the log; undo records for them can go.
        case discardLog(through: LogPosition)
        /// `replica` needs entries the primary has discarded; only a full copy can catch it up.
        case snapshotRequired(ReplicaID)
    }

    /// Tuning and membership shared by all members of a replica set.
    public struct Configuration: Sendable, Hashable {
        /// Every node of the set, the primary included.
        public var members: [ReplicaID]
        /// When writes are acknowledged.
        public var mode: ReplicationMode
        /// Whether a primary refuses writes once its coordinator lease ran out (fences a
        /// partitioned old primary before it learns of its successor).
        public var enforcesLease: Bool
        /// An idle primary sends an empty append this often, to keep leases and lag fresh.
        public var heartbeatIntervalNanos: UInt64
        /// A message unanswered this long is resent from the replica's last known match.
        public var retransmitTimeoutNanos: UInt64
        /// A secondary silent this long is proposed for removal from the in-sync set (sync mode stops
        /// waiting for it once the coordinator confirms).
        public var inSyncTimeoutNanos: UInt64
        /// Entries per append message.
        public var maxEntriesPerMessage: Int
        /// Pipelined appends per secondary once its log is known to match.
        public var maxMessagesInFlight: Int
        /// Writes waiting for acknowledgement before new ones are refused as overloaded.
        public var maxPendingWrites: Int
        /// Log entries kept for lagging or divergent replicas.
        public var maxRetainedEntries: Int

        /// A configuration with defaults suited to simulated links of 0.1–10 ms.
        public init(
            members: [ReplicaID],
            mode: ReplicationMode,
            enforcesLease: Bool = true,
            heartbeatIntervalNanos: UInt64 = 5_000_000,
            retransmitTimeoutNanos: UInt64 = 20_000_000,
            inSyncTimeoutNanos: UInt64 = 200_000_000,
            maxEntriesPerMessage: Int = 256,
            maxMessagesInFlight: Int = 8,
            maxPendingWrites: Int = 65_536,
            maxRetainedEntries: Int = 100_000
        ) {
            self.members = members
            self.mode = mode
            self.enforcesLease = enforcesLease
            self.heartbeatIntervalNanos = heartbeatIntervalNanos
            self.retransmitTimeoutNanos = retransmitTimeoutNanos
            self.inSyncTimeoutNanos = inSyncTimeoutNanos
            self.maxEntriesPerMessage = maxEntriesPerMessage
            self.maxMessagesInFlight = maxMessagesInFlight
            self.maxPendingWrites = maxPendingWrites
            self.maxRetainedEntries = maxRetainedEntries
        }

        /// Throws `.invalidConfiguration` when the settings cannot work together.
        public func validate() throws(ReplicationError) {
            func fail(_ message: String) -> ReplicationError { ReplicationError(.invalidConfiguration, message) }
            if members.isEmpty { throw fail("a replica set needs at least one member") }
            if Set(members).count != members.count { throw fail("member ids must be unique: \(members)") }
            if case .quorum(let writeCount) = mode, writeCount < 1 || writeCount > members.count {
                throw fail("quorum write count \(writeCount) must be in 1...\(members.count)")
            }
            if maxEntriesPerMessage < 1 || maxMessagesInFlight < 1 || maxPendingWrites < 1 || maxRetainedEntries < 1 {
                throw fail("batch, window, pending and retention limits must be at least 1")
            }
            if heartbeatIntervalNanos == 0 || heartbeatIntervalNanos >= inSyncTimeoutNanos {
                throw fail("heartbeat interval must be positive and shorter than the in-sync timeout")
            }
        }
    }

    /// A snapshot of a node's replication state, for the coordinator, read routing and reports.
    public struct Status: Sendable, Hashable {
        /// The node.
        public var id: ReplicaID
        /// Primary or secondary.
        public var role: Role
        /// The newest epoch the node has seen.
        public var epoch: Epoch
        /// The primary this node follows (itself when primary), if known.
        public var primary: ReplicaID?
        /// Position of the node's newest log entry.
        public var lastPosition: LogPosition
        /// Epoch of the node's newest log entry.
        public var lastEpoch: Epoch
        /// How far this node's applied log is known to equal the current primary's
        /// (the primary's own last position); reads compare against this.
        public var matchedPosition: LogPosition
        /// How far the log is acknowledged, as far as this node knows.
        public var commitPosition: LogPosition
        /// Primary only: the secondaries sync mode waits for.
        public var inSyncReplicas: [ReplicaID]
        /// Primary only: when its lease runs out.
        public var leaseUntilNanos: UInt64
    }
}

/// Proof that a write committed: where it sits in the log. Sessions keep the latest one as their
/// read-your-writes token.
public struct WriteReceipt: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the write sits in the log.
    public var position: LogPosition
    /// The epoch of the primary that acknowledged it.
    public var epoch: Epoch

    /// A receipt for the entry at `position` written in `epoch`.
    public init(position: LogPosition, epoch: Epoch) {
        self.position = position
        self.epoch = epoch
    }

    public var description: String { "\(position)@\(epoch)" }
}
