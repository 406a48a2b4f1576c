import ExerciseKit
import ScaleCore

/// A cluster of one in-memory shard plus `configure`'s components, for component tests.
func startCluster(seed: UInt64 = 42, _ configure: (inout ClusterConfiguration) -> Void = { _ in }) async throws -> Cluster {
    var configuration = ClusterConfiguration(shardCount: 1, storageMode: .memory, seed: seed)
    configure(&configuration)
    return try await Cluster.start(configuration)
}
