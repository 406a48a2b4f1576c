import ScaleCore

/// What a check replaces in the exercise's check cluster to get replicated shards.
public struct ClusterReplicaOverride: Sendable, Hashable {
    public var replicaCount: Int
    public var replication: ClusterReplication
    /// nil keeps the configured link delay.
    public var network: LatencyDistribution?

    public init(replicaCount: Int, replication: ClusterReplication = .sync, network: LatencyDistribution? = nil) {
        self.replicaCount = replicaCount
        self.replication = replication
        self.network = network
    }

    /// `configuration` with this override applied.
    public func applied(to configuration: ClusterConfiguration) -> ClusterConfiguration {
        var configured = configuration
        configured.replicaCount = replicaCount
        configured.replication = replication
        if let network { configured.networkDelay = network }
        return configured
    }
}

extension CheckContext {
    /// A fresh cluster as the exercise's checks configure it, but with every shard a replica set of
    /// `replicaCount` nodes acknowledging per `replication` (a failover check). Shut down with the check.
    public func makeCluster(replicas override: ClusterReplicaOverride) async throws -> Cluster {
        guard let make = environment.makeReplicatedCluster else {
            throw CheckFailure("this check environment cannot build replicated clusters (a harness bug)")
        }
        let cluster = try await make(override)
        clusters.withLock { $0.append(cluster) }
        return cluster
    }
}
