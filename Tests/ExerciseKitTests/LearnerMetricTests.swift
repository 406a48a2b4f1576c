import ExerciseKit
import LoadGenerator
import ScaleCore
import Synchronization
import Testing

/// A learner's design declares its own metric through the public cluster API (as the references
/// do): registered once per cluster, it covers the measured window only.
@Suite struct LearnerMetricTests {
    final class Retries: Sendable {
        let count = Atomic<Int>(0)

        static func on(_ cluster: Cluster) throws -> Retries {
            try cluster.shared("retries") {
                let retries = Retries()
                let declaration = TargetMetric("myRetries", label: "my retries", unit: .count, polarity: .prefersSmaller)
                cluster.addMetricSource(ClusterMetricSource(declarations: [declaration]) {
                    let before = retries.count.load(ordering: .relaxed)
                    return { ["myRetries": Double(retries.count.load(ordering: .relaxed) - before)] }
                })
                return retries
            }
        }
    }

    struct Design: Sendable {
        let retries: Retries
        init(cluster: Cluster) throws { retries = try Retries.on(cluster) }
    }

    static let definition = ExerciseDefinition<Design>(
        descriptor: ExerciseDescriptor(shortName: "retry", title: "Retry", difficulty: .easy, stubPath: "", readmePath: ""),
        implementations: [Implementation("mine", "counts a retry per call") { try Design(cluster: $0) }],
        checks: [],
        scenarios: [
            Scenario(
                name: "retry", summary: "one retry per operation", mix: OperationMix([.init(name: "call", weight: 1)]),
                prepare: { service, _ in service.retries.count.add(100, ordering: .relaxed) },
                perform: { service, _, _ in service.retries.count.add(1, ordering: .relaxed) }
            ),
        ],
        migrations: nil, floor: nil,
        checkCluster: ClusterConfiguration(shardCount: 1, storageMode: .memory),
        designOptions: [],
        defaultSweep: DefaultSweep(groups: [], durationNanos: 1, warmupNanos: 0, keyCount: 1)
    )

    @Test func aDesignsOwnMetricIsDeclaredAndCoversTheWindowOnly() async throws {
        let prepared = try await Self.definition.prepareBench(
            implementation: "mine", scenario: "retry", cluster: ClusterConfiguration(shardCount: 1, storageMode: .memory), keyCount: 1
        )
        #expect(prepared.target.metricDeclarations.contains { $0.name == "myRetries" })
        for _ in 0..<3 { try await prepared.target.perform(LoadOperation(kindIndex: 0, key: 0, valueSizeBytes: 0)) }
        let metrics = await prepared.target.runMetrics()
        await prepared.teardown()
        #expect(metrics["myRetries"] == 3, "the 100 counted while loading are outside the window")
    }
}
