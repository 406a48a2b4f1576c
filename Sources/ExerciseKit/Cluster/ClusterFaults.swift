import ScaleCore

/// Faults a check or a scenario injects into a running cluster, named the way a design talks
/// about them (the primary of shard 2, a slow replica) and applied on the cluster's simulated
/// network, as Maelstrom's and Jepsen's nemeses do. A node taken down keeps its data, like a
/// hung process or a host that lost power: `restart` brings it back.
public struct ClusterFaults: Sendable {
    let cluster: Cluster

    /// The node currently primary for `shard`: its replica set's primary, or its only node.
    public func primary(of shard: ShardID) throws -> NodeID {
        if let set = cluster.replicaSet(of: shard) {
            guard let primary = set.primary else { throw ClusterError("shard \(shard.rawValue) has no primary right now; wait for its failover") }
            return set.networkID(of: primary)
        }
        return try cluster.shards().node(of: shard)
    }

    /// The nodes holding `shard`: its replicas (the primary among them), or its only node.
    public func nodes(of shard: ShardID) throws -> [NodeID] {
        if let set = cluster.replicaSet(of: shard) { return set.configuration.members.map { set.networkID(of: $0) } }
        return [try cluster.shards().node(of: shard)]
    }

    /// Crashes the primary of `shard` (it neither sends nor receives) and returns its node.
    @discardableResult
    public func crashPrimary(of shard: ShardID) throws -> NodeID {
        let node = try primary(of: shard)
        cluster.network.takeDown(node)
        return node
    }

    /// Cuts the primary of `shard` off from its replicas only: clients still reach it, so in
    /// `async` mode it keeps acknowledging writes no replica will ever have.
    @discardableResult
    public func isolatePrimaryFromReplicas(of shard: ShardID) throws -> Partition {
        let primary = try primary(of: shard)
        let cut = Partition.isolating(primary, from: try nodes(of: shard).filter { $0 != primary })
        cluster.network.partition(cut)
        return cut
    }

    /// Brings crashed `node` back; an old primary learns of its successor and rejoins as a replica.
    public func restart(_ node: NodeID) {
        cluster.network.bringUp(node)
    }

    /// Adds `extraNanos` to every message to or from `node` (a gray failure: slow, not dead).
    public func slow(_ node: NodeID, extraNanos: UInt64) {
        cluster.network.apply(.slow([node], extraNanos: extraNanos))
    }

    /// Applies any network fault (partitions, loss, resets) directly.
    public func apply(_ action: NetworkFaultAction) {
        cluster.network.apply(action)
    }

    /// Waits until a node other than `oldPrimary` serves as the primary of `shard`; false when
    /// that did not happen within `timeoutNanos`.
    public func waitForNewPrimary(of shard: ShardID, awayFrom oldPrimary: NodeID, timeoutNanos: UInt64 = 5_000_000_000) async -> Bool {
        guard let set = cluster.replicaSet(of: shard) else { return false }
        let deadlineNanos = MonotonicClock.nowNanos() &+ timeoutNanos
        while MonotonicClock.nowNanos() < deadlineNanos {
            if let primary = set.primary, set.networkID(of: primary) != oldPrimary, set.status(of: primary).role == .primary { return true }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        return false
    }

    /// Waits until every reachable replica of every shard matches its primary's log.
    public func waitUntilConverged(timeoutNanos: UInt64 = 5_000_000_000) async -> Bool {
        for set in cluster.replicaSets.values where !(await set.waitUntilConverged(timeoutNanos: timeoutNanos)) { return false }
        return true
    }
}

extension Cluster {
    /// Fault injection for checks and scenarios.
    public var faults: ClusterFaults { ClusterFaults(cluster: self) }
}
