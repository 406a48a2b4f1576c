import ScaleSupport
import ScaleStorage
import ScaleNetwork
import Synchronization

extension MessageKind {
    static let replicationAppend = MessageKind("replication.append")
    static let replicationAppendResponse = MessageKind("replication.append-response")
    static let replicationWrite = MessageKind("replication.write")
    static let replicationRead = MessageKind("replication.read")
    static let replicationStatus = MessageKind("replication.status")
    static let replicationControl = MessageKind("replication.control")
}

/// A running primary–secondary replica set: `replicaCount` nodes, each a `ReplicaStateMachine`
/// over a `ReplicaStore`, talking over a `SimulatedNetwork`, with a `FailoverCoordinator`.
///
/// Clients `write` row changes (acknowledged per the `ReplicationMode`), `read` through a
/// `ReplicaReadPolicy` (stale reads are detected and counted), and keep a `SessionToken` for
/// read-your-writes. When the primary is down the coordinator promotes the most up-to-date
/// secondary; epochs fence the old primary, which rejoins as a secondary. `statistics()` reports
/// lag per replica, stale reads, failovers and acknowledged writes lost.
///
/// Call `start()` before use and `shutdown()` when done (it stops the timer task).
public final class ReplicaSet<Store: ReplicaStore>: Sendable {
    /// The settings the set runs with.
    public let configuration: ReplicaSetConfiguration
    /// The network every write, read, append and command crosses.
    public let network: SimulatedNetwork
    /// The network endpoint of the coordinator (status polls and role commands cross the network).
    public let coordinatorNetworkID: NodeID
    let nodes: [ReplicaNode<Store>]
    let coordinator: Locked<FailoverCoordinator>
    /// What clients believe: the current primary and its epoch, as the coordinator announced.
    let view = Locked<(primary: ReplicaID?, epoch: Epoch)>((nil, .zero))
    let acknowledgements: AcknowledgementTracker
    let router = Locked(ReplicaReadRouter())
    let counters = ReplicaSetCounters()
    let nextRequestID = Atomic<UInt64>(0)
    let timerTask = Locked<Task<Void, Never>?>(nil)
    let sleeper: PreciseSleeper

    /// A replica set whose node `i` is `replicaNetworkIDs[i]` on `network` and keeps its rows in
    /// `stores[i]`; the coordinator talks from `coordinatorNetworkID`.
    public init(
        configuration: ReplicaSetConfiguration, network: SimulatedNetwork, replicaNetworkIDs: [NodeID],
        coordinatorNetworkID: NodeID, stores: [Store], sleeper: PreciseSleeper = .shared
    ) throws(ReplicationError) {
        try configuration.validate()
        guard replicaNetworkIDs.count == configuration.replicaCount, stores.count == configuration.replicaCount else {
            throw ReplicationError(.invalidConfiguration, "need \(configuration.replicaCount) network ids and stores, got \(replicaNetworkIDs.count) and \(stores.count)")
        }
        guard Set(replicaNetworkIDs + [coordinatorNetworkID]).count == configuration.replicaCount + 1 else {
            throw ReplicationError(.invalidConfiguration, "replica and coordinator network ids must be distinct")
        }
        self.configuration = configuration
        self.network = network
        self.coordinatorNetworkID = coordinatorNetworkID
        self.sleeper = sleeper
        let acknowledgements = AcknowledgementTracker(capacity: configuration.maxTrackedAcknowledgements)
        self.acknowledgements = acknowledgements
        nodes = configuration.members.map { id in
            ReplicaNode(
                id: id, networkID: replicaNetworkIDs[id.rawValue], store: stores[id.rawValue],
                configuration: configuration, acknowledgements: acknowledgements
            )
        }
        coordinator = Locked(FailoverCoordinator(configuration: configuration.coordinatorConfiguration))
    }

    deinit {
        timerTask.withLock { $0?.cancel() }
    }

    /// Starts the timers, makes r0 primary of epoch 1 and waits until it takes writes and the
    /// coordinator has heard from every node (or the failure timeout passes).
    public func start() async throws(ReplicationError) {
        let alreadyStarted = timerTask.withLock { task in
            if task != nil { return true }
            task = Task(executorPreference: ControlPlane.executor) { [weak self, sleeper, configuration] in
                var nextTickNanos = MonotonicClock.nowNanos()
                var nextPollNanos = nextTickNanos
                // The set is held only while a step runs, so dropping it without `shutdown()` ends the loop.
                while !Task.isCancelled, self?.runTimerStep(nextPollNanos: &nextPollNanos) != nil {
                    nextTickNanos = max(nextTickNanos &+ configuration.tickIntervalNanos, MonotonicClock.nowNanos())
                    await sleeper.sleep(untilNanos: nextTickNanos)
                }
            }
            return false
        }
        guard !alreadyStarted else { return }
        coordinatorHandle(.tick)
        // Generous: on a busy machine the first messages may wait for a thread.
        let waitNanos = max(4 &* configuration.failureTimeoutNanos, 5_000_000_000)
        let deadline = MonotonicClock.nowNanos() &+ waitNanos
        while MonotonicClock.nowNanos() < deadline {
            let now = MonotonicClock.nowNanos()
            let allHeard = coordinator.withLock { c in configuration.members.allSatisfy { c.isAlive($0, nowNanos: now) } }
            if let primary = self.primary, nodes[primary.rawValue].isPrimary.load(ordering: .acquiring), allHeard { return }
            await sleeper.sleep(nanos: configuration.tickIntervalNanos)
        }
        if primary.map({ nodes[$0.rawValue].isPrimary.load(ordering: .acquiring) }) != true {
            throw ReplicationError(.timeout, "no primary took office within \(waitNanos / 1_000_000) ms")
        }
    }

    /// Stops the timers and fails every caller still waiting with `.closed`.
    public func shutdown() async {
        let task = timerTask.withLock { $0 }
        task?.cancel()
        await task?.value
        for node in nodes { node.close() }
    }

    /// The primary clients currently write to (per the coordinator), if any.
    public var primary: ReplicaID? { view.withLock { $0.primary } }

    /// The current epoch, per the coordinator.
    public var epoch: Epoch { view.withLock { $0.epoch } }

    /// The replication state of `replica`.
    public func status(of replica: ReplicaID) -> ReplicaStateMachine.Status { nodes[replica.rawValue].status }

    /// The store of `replica` (to inspect what it applied).
    public func store(of replica: ReplicaID) -> Store { nodes[replica.rawValue].store }

    /// The network endpoint of `replica`.
    public func networkID(of replica: ReplicaID) -> NodeID { nodes[replica.rawValue].networkID }

    // MARK: timers

    /// One timer step: ticks every node, expires deadlines, and polls statuses when due.
    private func runTimerStep(nextPollNanos: inout UInt64) {
        let now = MonotonicClock.nowNanos()
        for index in nodes.indices {
            deliver(.tick, to: index, nowNanos: now)
            nodes[index].expireWaits(nowNanos: now)
        }
        if now >= nextPollNanos {
            nextPollNanos = now &+ configuration.statusPollIntervalNanos
            pollStatuses()
            pruneLedger()
        }
    }

    // MARK: delivering events and their actions

    /// Handles `event` on node `index` and carries out what it produced.
    func deliver(_ event: ReplicaStateMachine.Event, to index: Int, nowNanos: UInt64) {
        perform(nodes[index].handle(event, nowNanos: nowNanos), from: index)
    }

    /// Records lag, then sends the node's messages.
    func perform(_ output: ReplicaNodeOutput, from index: Int) {
        for (replica, positions) in output.followerLags {
            nodes[replica.rawValue].lag.withLock { $0.positions.record(positions) }
        }
        for action in output.outbound {
            switch action {
            case .send(let to, let message):
                send(message, from: index, to: to.rawValue)
            case .requestInSyncSet(let epoch, let members):
                let sender = nodes[index]
                Task(executorPreference: ControlPlane.executor) { [self] in
                    await network.send(from: sender.networkID, to: coordinatorNetworkID, kind: .replicationControl) {
                        self.coordinatorHandle(.inSyncSetRequest(from: sender.id, epoch: epoch, members: members))
                    }
                }
            case .snapshotRequired:
                counters.snapshotsRequired.add(1, ordering: .relaxed)
            case .apply, .rollBack, .acknowledge, .reject, .roleChanged, .inSyncSetChanged, .discardLog:
                break
            }
        }
    }

    /// Ships a replication message across the network in its own task (fire and forget).
    private func send(_ message: ReplicationMessage, from index: Int, to destination: Int) {
        let kind: MessageKind = if case .append = message { .replicationAppend } else { .replicationAppendResponse }
        let sender = nodes[index]
        Task {
            await network.send(from: sender.networkID, to: nodes[destination].networkID, kind: kind) {
                self.deliver(.message(from: sender.id, message), to: destination, nowNanos: MonotonicClock.nowNanos())
            }
        }
    }
}

/// Counters of a replica set's run, updated without locks.
final class ReplicaSetCounters: Sendable {
    let writesAcknowledged = Atomic<UInt64>(0)
    let writesFailed = Atomic<UInt64>(0)
    let staleReads = Atomic<UInt64>(0)
    let readYourWritesWaits = Atomic<UInt64>(0)
    let readYourWritesFallbacks = Atomic<UInt64>(0)
    let snapshotsRequired = Atomic<UInt64>(0)
}
