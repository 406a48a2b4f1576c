import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaSet {
    /// Takes `replica` off the network: it neither sends nor receives, as if its process hung or
    /// its host lost power; its state and storage survive for `bringUp`.
    public func takeDown(_ replica: ReplicaID) {
        network.takeDown(nodes[replica.rawValue].networkID)
    }

    /// Puts `replica` back on the network; an old primary learns of its successor and rejoins.
    public func bringUp(_ replica: ReplicaID) {
        network.bringUp(nodes[replica.rawValue].networkID)
    }

    /// Waits until every node on the network follows the current primary and matches its whole
    /// log; false if that did not happen within `timeoutNanos`.
    public func waitUntilConverged(timeoutNanos: UInt64) async -> Bool {
        let deadlineNanos = MonotonicClock.nowNanos() &+ timeoutNanos
        while MonotonicClock.nowNanos() < deadlineNanos {
            if isConverged { return true }
            await sleeper.sleep(nanos: configuration.tickIntervalNanos)
        }
        return isConverged
    }

    private var isConverged: Bool {
        guard let primary else { return false }
        let leader = nodes[primary.rawValue].status
        guard leader.role == .primary else { return false }
        let down = network.faultState.downNodes
        return nodes.allSatisfy { node in
            if down.contains(node.networkID) { return true }
            let status = node.status
            return status.epoch == leader.epoch && status.matchedPosition == leader.lastPosition
        }
    }
}

extension ReplicaSet where Store == SQLiteReplicaStore {
    /// A replica set on in-memory SQLite nodes: replica `i` is network node `firstNode + i`,
    /// the coordinator the node after the last replica.
    public static func inMemory(configuration: ReplicaSetConfiguration, network: SimulatedNetwork, firstNode: Int = 0, name: String = "replica") throws(ReplicationError) -> ReplicaSet<SQLiteReplicaStore> {
        let count = configuration.replicaCount
        var stores: [SQLiteReplicaStore] = []
        for index in 0..<count { stores.append(try SQLiteReplicaStore.inMemory(name: "\(name)\(index)")) }
        return try ReplicaSet(
            configuration: configuration, network: network,
            replicaNetworkIDs: (0..<count).map { NodeID(firstNode + $0) },
            coordinatorNetworkID: NodeID(firstNode + count), stores: stores
        )
    }
}
