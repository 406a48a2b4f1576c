import LoadGenerator
import ScaleCore

/// Replicated shards: with `replicaCount > 1` every shard is a replica set of SQLite nodes on the
/// cluster's network (the core's `ReplicaSet` with its failover coordinator and fencing). The
/// exercise's own SQL writes run on the primary and reach the replicas as row changes; reads go
/// where `--reads` says. `read`, `write` and `scatter` route there without the caller knowing.
extension Cluster {
    /// The replica set behind `shard`, or nil when shards are single nodes (`replicaCount == 1`).
    public func replicaSet(of shard: ShardID) -> ReplicaSet<SQLiteChangesetStore>? {
        state.withLock { $0.replicaSets[shard] }
    }

    /// Every shard's replica set, by shard (empty when shards are single nodes).
    public var replicaSets: [ShardID: ReplicaSet<SQLiteChangesetStore>] { state.withLock { $0.replicaSets } }

    /// True when shards are replica sets: more than one replica and a schema to keep. A cluster
    /// without a schema keeps no SQL rows (search's nodes host their own engines and replicate as
    /// the design says), so it starts no replica sets and their heartbeats do not swell msgs/op.
    public var shardsAreReplicated: Bool { configuration.replicaCount > 1 && migrations != nil }

    /// The storage nodes shard `index` starts on: its replicas, first the initial primary.
    func initialNodes(ofShard index: Int) -> [NodeID] {
        let ids = nodeIDs
        let replicas = configuration.replicaCount
        return Array(ids[(index * replicas)..<((index + 1) * replicas)])
    }

    /// Builds and starts one replica set per shard over its nodes, each stopped at shutdown, and
    /// adds their design metrics. Nothing to do for single-node shards.
    func startReplicaSets() async throws {
        guard shardsAreReplicated else { return }
        for index in 0..<configuration.shardCount {
            try await startReplicaSet(of: ShardID(index), on: initialNodes(ofShard: index))
        }
        addMetricSource(replicationMetrics)
    }

    /// Builds and starts the replica set of `shard` over `members` (first the initial primary),
    /// with its own coordinator node; stopped at shutdown.
    @discardableResult
    func startReplicaSet(of shard: ShardID, on members: [NodeID]) async throws -> ReplicaSet<SQLiteChangesetStore> {
        let stores = try members.map { try SQLiteChangesetStore(node: node($0)) }
        let set = try ReplicaSet(
            configuration: replicaSetConfiguration, network: network, replicaNetworkIDs: members,
            coordinatorNetworkID: try allocateNodeID(), stores: stores
        )
        state.withLock { $0.replicaSets[shard] = set }
        onShutdown { await set.shutdown() }
        try await set.start()
        return set
    }

    /// Stops and forgets the replica set of `shard` (a move that added it was rolled back).
    func removeReplicaSet(of shard: ShardID) async {
        guard let set = state.withLock({ $0.replicaSets.removeValue(forKey: shard) }) else { return }
        await set.shutdown()
    }

    /// How the cluster's replica sets run: the chosen mode, read policy and failover timeout.
    var replicaSetConfiguration: ReplicaSetConfiguration {
        var settings = ReplicaSetConfiguration(
            replicaCount: configuration.replicaCount,
            mode: configuration.replication.mode(replicaCount: configuration.replicaCount),
            readPolicy: configuration.reads.policy
        )
        settings.failureTimeoutNanos = configuration.failoverTimeoutNanos
        settings.leaseNanos = configuration.failoverTimeoutNanos / 10 * 7
        settings.inSyncTimeoutNanos = 2 * configuration.failoverTimeoutNanos
        settings.writeTimeoutNanos = 5 * configuration.failoverTimeoutNanos
        return settings
    }

    /// Replication lag, stale reads, failovers and lost acknowledged writes over a bench window.
    private var replicationMetrics: ClusterMetricSource {
        ClusterMetricSource(declarations: [
            TargetMetric("replicationLagMillisP99", label: "repl lag p99", unit: .milliseconds, polarity: .prefersSmaller),
            TargetMetric("staleReadFraction", label: "stale reads", unit: .fraction, polarity: .prefersSmaller),
            TargetMetric("failovers", label: "failovers", unit: .count, polarity: nil),
            TargetMetric("acknowledgedWritesLost", label: "acked writes lost", unit: .count, polarity: .prefersSmaller),
        ]) { [weak self] in
            let sets = self.map { Array($0.replicaSets.values) } ?? []
            sets.forEach { $0.resetLagSamples() }
            let before = sets.map { $0.statistics() }
            return {
                let after = sets.map { $0.statistics() }
                let reads = zip(before, after).reduce(UInt64(0)) { $0 + ($1.1.readsServed &- $1.0.readsServed) }
                let stale = zip(before, after).reduce(UInt64(0)) { $0 + ($1.1.staleReads &- $1.0.staleReads) }
                let lagNanos = after.flatMap(\.lag).map(\.lagNanosP99).max() ?? 0
                return [
                    "replicationLagMillisP99": Double(lagNanos) / 1e6,
                    "staleReadFraction": reads == 0 ? 0 : Double(stale) / Double(reads),
                    "failovers": Double(zip(before, after).reduce(0) { $0 + $1.1.failovers.count - $1.0.failovers.count }),
                    "acknowledgedWritesLost": Double(zip(before, after).reduce(UInt64(0)) { $0 + ($1.1.acknowledgedWritesLost &- $1.0.acknowledgedWritesLost) }),
                ]
            }
        }
    }
}
