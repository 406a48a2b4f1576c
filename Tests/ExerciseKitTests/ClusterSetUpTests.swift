import ExerciseKit
import LoadGenerator
import ScaleCore
import Testing

/// An exercise's `setUpCluster` puts its fixtures on every bench and check cluster before any
/// service instance, so every instance finds the same endpoint by name.
@Suite struct ClusterSetUpTests {
    /// A service that only calls the exercise's provider.
    struct Pinger: Sendable {
        let provider: ExternalEndpoint<Int, Int>
        init(cluster: Cluster) throws { provider = try cluster.endpoint(named: "provider") }
    }

    static let definition = ExerciseDefinition<Pinger>(
        descriptor: ExerciseDescriptor(shortName: "ping", title: "Ping", difficulty: .easy, stubPath: "", readmePath: ""),
        implementations: [Implementation("reference", "looks the provider up") { try Pinger(cluster: $0) }],
        checks: [
            Check("two-instances-one-provider", "a second instance reaches the same provider") { context in
                let cluster = try await context.makeCluster()
                let first = try await context.makeService(on: cluster)
                let second = try await context.makeService(on: cluster)
                try context.require(first.provider === second.provider, "two providers on one cluster")
                try context.require(try await second.provider.call(1) == 2, "the provider answered wrongly")
            },
        ],
        scenarios: [
            Scenario(
                name: "ping", summary: "one provider call per operation", mix: OperationMix([.init(name: "ping", weight: 1)]),
                prepare: { _, _ in }, perform: { service, operation, _ in _ = try await service.provider.call(Int(operation.key)) }
            ),
        ],
        migrations: nil, floor: nil,
        checkCluster: ClusterConfiguration(shardCount: 1, storageMode: .memory),
        designOptions: [],
        defaultSweep: DefaultSweep(groups: [], durationNanos: 1, warmupNanos: 0, keyCount: 1),
        setUpCluster: { cluster in _ = try cluster.endpoint(named: "provider") { (value: Int) in value + 1 } }
    )

    @Test func checksFindTheFixtureOnEveryCluster() async throws {
        let report = try await Self.definition.runChecks(implementation: "reference", seed: 1, only: [], onResult: { _ in })
        #expect(report.allPassed, "\(report.results.map(\.status))")
    }

    @Test func aBenchFindsTheFixtureAndCountsItsCalls() async throws {
        let prepared = try await Self.definition.prepareBench(
            implementation: "reference", scenario: "ping", cluster: ClusterConfiguration(shardCount: 1, storageMode: .memory), keyCount: 1
        )
        try await prepared.target.perform(LoadOperation(kindIndex: 0, key: 0, valueSizeBytes: 0))
        let metrics = await prepared.target.runMetrics()
        await prepared.teardown()
        #expect(metrics["endpoint.provider.calls"] == 1)
    }
}
