import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaSet {
    /// Runs `event` through the coordinator and sends its commands across the network.
    func coordinatorHandle(_ event: FailoverCoordinator.Event) {
        let commands = coordinator.withLock { $0.handle(event, nowNanos: MonotonicClock.nowNanos()) }
        for order in commands {
            // Clients learn the new primary from the coordinator, as from a ZooKeeper watch.
            if case .promote(let target, let epoch, _, _) = order { view.withLock { $0 = (target, epoch) } }
            if let command = order.command { send(command.target, command.event) }
        }
    }

    /// Sends a coordinator command to `target` over the network.
    private func send(_ target: ReplicaID, _ event: ReplicaStateMachine.Event) {
        let index = target.rawValue
        Task(executorPreference: ControlPlane.executor) { [self] in
            await network.send(from: coordinatorNetworkID, to: nodes[index].networkID, kind: .replicationControl) {
                self.deliver(event, to: index, nowNanos: MonotonicClock.nowNanos())
            }
        }
    }

    /// Asks every node for its status (a call across the network: down nodes do not answer), then ticks the coordinator.
    func pollStatuses() {
        let timeoutNanos = configuration.failureTimeoutNanos / 2
        for node in nodes {
            Task(executorPreference: ControlPlane.executor) { [self] in
                let status = try? await network.call(from: coordinatorNetworkID, to: node.networkID, kind: .replicationStatus, timeoutNanos: timeoutNanos) {
                    node.status
                }
                if let status { self.coordinatorHandle(.statusReport(status)) }
            }
        }
        coordinatorHandle(.tick)
    }

    /// Forgets acknowledged writes every node holds: they can no longer be lost.
    func pruneLedger() {
        let epoch = view.withLock { $0.epoch }
        var everywhere = LogPosition(UInt64.max)
        for node in nodes {
            guard node.epochValue.load(ordering: .acquiring) == epoch.rawValue else { return }
            everywhere = min(everywhere, LogPosition(node.matchedPosition.load(ordering: .acquiring)))
        }
        acknowledgements.ledger.withLock { $0.pruneEverywhere(through: everywhere, epoch: epoch) }
    }

    /// Every failover so far.
    public var failovers: [FailoverRecord] { coordinator.withLock { $0.failovers } }
}
