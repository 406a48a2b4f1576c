import ExerciseKit
import LoadGenerator
import ScaleCore
import Testing

/// `check --cache-nodes 2 --set mode=x` reaches every check cluster, before what the check sets
/// itself; an exercise's `validateCluster` refuses a configuration before any check runs.
@Suite struct CheckAdjustmentTests {
    struct Probe: Sendable {}

    static let definition = ExerciseDefinition<Probe>(
        descriptor: ExerciseDescriptor(shortName: "probe", title: "Probe", difficulty: .easy, stubPath: "", readmePath: ""),
        implementations: [
            Implementation("reference", "does nothing") { _ in Probe() },
            Implementation("cached", "needs a cache tier", validateCluster: { configuration in
                if configuration.cacheNodeCount == 0 { throw ExerciseError("the cached probe needs --cache-nodes 1") }
            }) { _ in Probe() },
        ],
        checks: [
            Check("sees-the-user-options", "the cluster has the user's cache nodes and mode") { context in
                let cluster = try await context.makeCluster()
                try context.require(cluster.configuration.cacheNodeCount == 2, "cache nodes \(cluster.configuration.cacheNodeCount)")
                try context.require(cluster.configuration.options["mode"] == "x", "mode \(cluster.configuration.options["mode"] ?? "unset")")
            },
            Check("own-setting-wins", "what a check sets itself overrides the user's") { context in
                try await context.withCluster({ $0.cacheNodeCount = 0 }) { cluster in
                    try context.require(cluster.configuration.cacheNodeCount == 0, "cache nodes \(cluster.configuration.cacheNodeCount)")
                }
            },
        ],
        scenarios: [],
        migrations: nil, floor: nil,
        checkCluster: ClusterConfiguration(shardCount: 1, storageMode: .memory),
        designOptions: [DesignOption(name: "mode", summary: "a mode", values: ["x", "y", "needs-cache"], defaultValue: "y")],
        defaultSweep: DefaultSweep(groups: [], durationNanos: 1, warmupNanos: 0, keyCount: 1),
        validateCluster: { configuration in
            if configuration.options["mode"] == "needs-cache", configuration.cacheNodeCount == 0 {
                throw ExerciseError("mode=needs-cache needs --cache-nodes 1")
            }
        }
    )

    @Test func userOptionsReachEveryCheckClusterAndTheCheckHasTheLastWord() async throws {
        let adjusted = try await Self.definition.runChecks(
            implementation: "reference", seed: 1, only: [], adjust: { $0.cacheNodeCount = 2; $0.options["mode"] = "x" }, onResult: { _ in }
        )
        #expect(adjusted.allPassed, "\(adjusted.results.map(\.status))")
        let plain = try await Self.definition.runChecks(implementation: "reference", seed: 1, only: ["sees-the-user-options"], onResult: { _ in })
        #expect(!plain.allPassed)
    }

    @Test func aConfigurationTheExerciseRefusesStopsBeforeAnyCheck() async throws {
        await #expect(throws: ExerciseError.self) {
            try await Self.definition.runChecks(
                implementation: "reference", seed: 1, only: [], adjust: { $0.options["mode"] = "needs-cache" }, onResult: { _ in }
            )
        }
        #expect(throws: Never.self) {
            var configuration = ClusterConfiguration()
            configuration.options["mode"] = "needs-cache"
            configuration.cacheNodeCount = 1
            try Self.definition.validate(cluster: configuration)
        }
    }

    @Test func anImplementationRefusesAClusterItCannotRunOnBeforeAnyCheck() async throws {
        await #expect(throws: ExerciseError.self) {
            try await Self.definition.runChecks(implementation: "cached", seed: 1, only: [], onResult: { _ in })
        }
        #expect(throws: ExerciseError.self) { try Self.definition.validate(cluster: ClusterConfiguration(), implementation: "cached") }
        #expect(throws: Never.self) { try Self.definition.validate(cluster: ClusterConfiguration(), implementation: "reference") }
        var withCache = ClusterConfiguration()
        withCache.cacheNodeCount = 1
        #expect(throws: Never.self) { try Self.definition.validate(cluster: withCache, implementation: "cached") }
    }
}
