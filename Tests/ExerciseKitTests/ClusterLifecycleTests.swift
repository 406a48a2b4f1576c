import ExerciseKit
import ScaleCore
import Testing

/// A cluster hands out node ids, stops its components in reverse order, and validates its size.
@Suite struct ClusterLifecycleTests {
    @Test func componentsStopInReverseOrderOnce() async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 1, storageMode: .memory))
        let stopped = Locked<[String]>([])
        cluster.onShutdown { stopped.withLock { $0.append("queue") } }
        cluster.onShutdown { stopped.withLock { $0.append("workers") } }
        await cluster.shutdown()
        await cluster.shutdown()
        #expect(stopped.withLock { $0 } == ["workers", "queue"])
    }

    @Test func nodeIDsAreHandedOutOnceUntilThePoolRunsOut() async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 2, storageMode: .memory))
        var ids = Set(cluster.nodeIDs)
        for _ in 0..<ClusterConfiguration.spareNodeCount {
            let id = try cluster.allocateNodeID()
            #expect(ids.insert(id).inserted, "\(id) handed out twice")
        }
        #expect(throws: ClusterError.self) { try cluster.allocateNodeID() }
        await cluster.shutdown()
    }

    @Test(arguments: [(0, 1), (1, 0), (ClusterConfiguration.maxShardCount + 1, 1), (1, ClusterConfiguration.maxReplicaCount + 1)])
    func sizesOutsideTheLimitsAreRefused(shards: Int, replicas: Int) async throws {
        await #expect(throws: ClusterError.self) {
            try await Cluster.start(ClusterConfiguration(shardCount: shards, replicaCount: replicas, storageMode: .memory))
        }
    }
}
