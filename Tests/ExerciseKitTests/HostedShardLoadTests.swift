import ExerciseKit
import LoadGenerator
import ScaleCore
import Testing

/// A design whose shards are hosted nodes leaves the storage nodes idle: `shard max/mean` then
/// measures the largest hosted group, so a design that sends everything to one node shows it.
@Suite struct HostedShardLoadTests {
    struct Counter: Sendable {
        let nodes: HostedNodes<Locked<Int>>
        init(cluster: Cluster) throws { nodes = try cluster.hostedNodes("counters", count: 2) { _ in Locked(0) } }
    }

    static func definition(target node: @escaping @Sendable (UInt64) -> Int) -> ExerciseDefinition<Counter> {
        ExerciseDefinition<Counter>(
            descriptor: ExerciseDescriptor(shortName: "count", title: "Count", difficulty: .easy, stubPath: "", readmePath: ""),
            implementations: [Implementation("reference", "counts on a hosted node") { try Counter(cluster: $0) }],
            checks: [],
            scenarios: [
                Scenario(
                    name: "count", summary: "one increment per operation", mix: OperationMix([.init(name: "add", weight: 1)]),
                    prepare: { _, _ in },
                    perform: { service, operation, _ in
                        try await service.nodes.call(service.nodes.nodeIDs[node(operation.key)]) { $0.withLock { $0 += 1 } }
                    }
                ),
            ],
            migrations: nil, floor: nil,
            checkCluster: ClusterConfiguration(shardCount: 1, storageMode: .memory),
            designOptions: [],
            defaultSweep: DefaultSweep(groups: [], durationNanos: 1, warmupNanos: 0, keyCount: 1)
        )
    }

    static func shardLoad(target node: @escaping @Sendable (UInt64) -> Int) async throws -> Double? {
        let prepared = try await definition(target: node).prepareBench(
            implementation: "reference", scenario: "count", cluster: ClusterConfiguration(shardCount: 1, storageMode: .memory), keyCount: 8
        )
        for key in UInt64(0)..<8 { try await prepared.target.perform(LoadOperation(kindIndex: 0, key: key, valueSizeBytes: 0)) }
        let metrics = await prepared.target.runMetrics()
        await prepared.teardown()
        return metrics["shardLoadMaxOverMean"]
    }

    @Test func oneHotHostedNodeShowsInShardLoad() async throws {
        #expect(try await Self.shardLoad { _ in 0 } == 2)
        #expect(try await Self.shardLoad { Int($0 % 2) } == 1)
    }
}
