extension ReplicaSet {
    /// Runs `event` through the coordinator and sends its commands across the network.
    func coordinatorHandle(_ event: FailoverCoordinator.Event) {
        let commands = coordinator.withLock { $0.handle(event, nowNanos: MonotonicClock.nowNanos()) }
        for order in commands {
            switch order {
            case .promote(let target, let epoch, let inSync, let leaseUntil):
                // Clients learn the new primary from the coordinator, as from a ZooKeeper watch.
                view.withLock { $0 = (target, epoch) }
                send(target, .promote(epoch: epoch, inSync: inSync, leaseUntilNanos: leaseUntil))
            case .follow(let target, let primary, let epoch):
                send(target, .follow(primary: primary, epoch: epoch))
            case .renewLease(let target, let epoch, let until):
                send(target, .renewLease(epoch: epoch, untilNanos: until))
            case .confirmInSyncSet(let target, let epoch, let members):
                send(target, .inSyncSetConfirmed(epoch: epoch, members: members))
            case .failedOver:
                break
            }
        }
    }

    /// Sends a coordinator command to `target` over the network.
    private func send(_ target: ReplicaID, _ event: ReplicaStateMachine.Event) {
        let index = target.rawValue
        Task {
            await network.send(from: coordinatorNetworkID, to: nodes[index].networkID, kind: .replicationControl) {
                self.deliver(event, to: index, nowNanos: MonotonicClock.nowNanos())
            }
        }
    }

    /// Asks every node for its status (a call across the network: down nodes do not answer), then ticks the coordinator.
    func pollStatuses() {
        let timeoutNanos = configuration.failureTimeoutNanos / 2
        for node in nodes {
            Task {
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
        ledger.withLock { $0.pruneEverywhere(through: everywhere, epoch: epoch) }
    }

    /// Every failover so far.
    public var failovers: [FailoverRecord] { coordinator.withLock { $0.failovers } }
}
