import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// How a `ReplicaSet` replicates, routes reads and detects failures. Defaults suit simulated
/// links of 0.1–10 ms; all timers are real time.
public struct ReplicaSetConfiguration: Sendable, Hashable {
    /// Nodes in the set: one primary and `replicaCount - 1` secondaries.
    public var replicaCount: Int
    /// When writes are acknowledged.
    public var mode: ReplicationMode
    /// Used by reads that do not pass their own policy.
    public var readPolicy: ReplicaReadPolicy
    /// Whether a primary refuses writes once its coordinator lease ran out.
    public var enforcesLease: Bool
    /// An idle primary sends an empty append this often.
    public var heartbeatIntervalNanos: UInt64
    /// An append unanswered this long is resent.
    public var retransmitTimeoutNanos: UInt64
    /// A secondary silent this long is proposed for removal from the in-sync set.
    public var inSyncTimeoutNanos: UInt64
    /// Primary silence after which the coordinator fails over.
    public var failureTimeoutNanos: UInt64
    /// Lease the coordinator grants the primary (shorter than `failureTimeoutNanos`).
    public var leaseNanos: UInt64
    /// How often the coordinator polls every node's status.
    public var statusPollIntervalNanos: UInt64
    /// How often nodes get a `tick` (heartbeats, retransmissions, deadlines).
    public var tickIntervalNanos: UInt64
    /// A write not acknowledged this long fails with `.timeout` (its outcome is then unknown).
    public var writeTimeoutNanos: UInt64
    /// Entries per append message.
    public var maxEntriesPerMessage: Int
    /// Pipelined appends per secondary.
    public var maxMessagesInFlight: Int
    /// Writes awaiting acknowledgement before new ones are refused as overloaded.
    public var maxPendingWrites: Int
    /// Log entries (and undo records) kept for lagging or divergent replicas.
    public var maxRetainedEntries: Int
    /// Lag samples kept per replica for percentiles.
    public var lagSampleCapacity: Int
    /// Acknowledged writes remembered for loss accounting until known to be everywhere.
    public var maxTrackedAcknowledgements: Int

    /// A configuration of `replicaCount` nodes in `mode`.
    public init(
        replicaCount: Int = 3,
        mode: ReplicationMode = .synchronous,
        readPolicy: ReplicaReadPolicy = .primaryOnly,
        enforcesLease: Bool = true,
        heartbeatIntervalNanos: UInt64 = 5_000_000,
        retransmitTimeoutNanos: UInt64 = 20_000_000,
        inSyncTimeoutNanos: UInt64 = 200_000_000,
        failureTimeoutNanos: UInt64 = 150_000_000,
        leaseNanos: UInt64 = 100_000_000,
        statusPollIntervalNanos: UInt64 = 10_000_000,
        tickIntervalNanos: UInt64 = 1_000_000,
        writeTimeoutNanos: UInt64 = 1_000_000_000,
        maxEntriesPerMessage: Int = 256,
        maxMessagesInFlight: Int = 8,
        maxPendingWrites: Int = 65_536,
        maxRetainedEntries: Int = 100_000,
        lagSampleCapacity: Int = 65_536,
        maxTrackedAcknowledgements: Int = 1_000_000
    ) {
        self.replicaCount = replicaCount
        self.mode = mode
        self.readPolicy = readPolicy
        self.enforcesLease = enforcesLease
        self.heartbeatIntervalNanos = heartbeatIntervalNanos
        self.retransmitTimeoutNanos = retransmitTimeoutNanos
        self.inSyncTimeoutNanos = inSyncTimeoutNanos
        self.failureTimeoutNanos = failureTimeoutNanos
        self.leaseNanos = leaseNanos
        self.statusPollIntervalNanos = statusPollIntervalNanos
        self.tickIntervalNanos = tickIntervalNanos
        self.writeTimeoutNanos = writeTimeoutNanos
        self.maxEntriesPerMessage = maxEntriesPerMessage
        self.maxMessagesInFlight = maxMessagesInFlight
        self.maxPendingWrites = maxPendingWrites
        self.maxRetainedEntries = maxRetainedEntries
        self.lagSampleCapacity = lagSampleCapacity
        self.maxTrackedAcknowledgements = maxTrackedAcknowledgements
    }

    /// Members `r0 ... r(count-1)`.
    public var members: [ReplicaID] { (0..<max(replicaCount, 0)).map(ReplicaID.init) }

    /// The state-machine configuration every node shares.
    public var machineConfiguration: ReplicaStateMachine.Configuration {
        ReplicaStateMachine.Configuration(
            members: members, mode: mode, enforcesLease: enforcesLease,
            heartbeatIntervalNanos: heartbeatIntervalNanos, retransmitTimeoutNanos: retransmitTimeoutNanos,
            inSyncTimeoutNanos: inSyncTimeoutNanos, maxEntriesPerMessage: maxEntriesPerMessage,
            maxMessagesInFlight: maxMessagesInFlight, maxPendingWrites: maxPendingWrites,
            maxRetainedEntries: maxRetainedEntries
        )
    }

    /// The coordinator's configuration (r0 starts as primary).
    public var coordinatorConfiguration: FailoverCoordinator.Configuration {
        FailoverCoordinator.Configuration(members: members, initialPrimary: ReplicaID(0), failureTimeoutNanos: failureTimeoutNanos, leaseNanos: leaseNanos)
    }

    /// Throws `.invalidConfiguration` when the settings cannot work together.
    public func validate() throws(ReplicationError) {
        try machineConfiguration.validate()
        try coordinatorConfiguration.validate()
        if tickIntervalNanos == 0 || statusPollIntervalNanos == 0 || writeTimeoutNanos == 0 {
            throw ReplicationError(.invalidConfiguration, "tick, poll and write-timeout intervals must be positive")
        }
        if statusPollIntervalNanos >= leaseNanos {
            throw ReplicationError(.invalidConfiguration, "status polls (\(statusPollIntervalNanos) ns) must come more often than the lease (\(leaseNanos) ns) runs out")
        }
    }
}
