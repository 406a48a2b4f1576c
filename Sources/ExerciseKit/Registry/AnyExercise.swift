import LoadGenerator
import ScaleCore

/// An exercise as the CLI sees it, whatever its service protocol.
public protocol AnyExercise: Sendable {
    var descriptor: ExerciseDescriptor { get }
    /// (name, summary) of each implementation, `mine` first.
    var implementationList: [(name: String, summary: String)] { get }
    /// (name, summary) of each scenario.
    var scenarioList: [(name: String, summary: String)] { get }
    /// (name, summary) of each check.
    var checkList: [(name: String, summary: String)] { get }
    var designOptions: [DesignOption] { get }
    var defaultSweep: DefaultSweep { get }
    var hasFloor: Bool { get }
    /// The cluster checks start from, before the user's and the check's own changes.
    var checkCluster: ClusterConfiguration { get }

    /// The operation mix and preferred key distribution of a scenario.
    func workloadShape(scenario: String) throws -> (mix: OperationMix, keyDistribution: KeyDistributionSpec?)

    /// Runs the checks against `implementation`, each on a fresh cluster: the exercise's check
    /// cluster, changed by `adjust` (the user's `check --replicas 3 --set cache=tier`), then by the check.
    func runChecks(
        implementation: String, seed: UInt64, only: Set<String>, adjust: @escaping @Sendable (inout ClusterConfiguration) -> Void,
        onResult: (CheckResult) -> Void
    ) async throws -> CheckReport

    /// Refuses a cluster configuration this exercise's designs cannot run on (e.g. a design option
    /// that needs the cache tier without `--cache-nodes`), with a message that says the fix; with
    /// `implementation`, also what that implementation needs.
    func validate(cluster: ClusterConfiguration, implementation: String?) throws

    /// Builds a cluster, the implementation on it, loads the scenario's data: ready to load.
    func prepareBench(implementation: String, scenario: String, cluster: ClusterConfiguration, keyCount: UInt64) async throws -> PreparedTarget

    /// The floor for a scenario; `options` are the cell's design options that apply to the floor
    /// too (`DesignOption.appliesToFloor`, e.g. the corpus both load).
    func prepareFloor(
        scenario: String, keyCount: UInt64, connectionCount: Int, inMemory: Bool, valueSizeBytes: Int, options: [String: String]
    ) async throws -> PreparedTarget
}

extension AnyExercise {
    /// Runs the checks on the exercise's own check clusters.
    public func runChecks(implementation: String, seed: UInt64, only: Set<String>, onResult: (CheckResult) -> Void) async throws -> CheckReport {
        try await runChecks(implementation: implementation, seed: seed, only: only, adjust: { _ in }, onResult: onResult)
    }
}

extension ExerciseDefinition: AnyExercise {
    public var implementationList: [(name: String, summary: String)] { implementations.map { ($0.name, $0.summary) } }
    public var scenarioList: [(name: String, summary: String)] { scenarios.map { ($0.name, $0.summary) } }
    public var checkList: [(name: String, summary: String)] { checks.map { ($0.name, $0.summary) } }
    public var hasFloor: Bool { floor != nil || floorService != nil }

    public func workloadShape(scenario name: String) throws -> (mix: OperationMix, keyDistribution: KeyDistributionSpec?) {
        let scenario = try scenario(named: name)
        return (scenario.mix, scenario.keyDistribution)
    }

    public func runChecks(
        implementation name: String, seed: UInt64, only: Set<String>,
        adjust: @escaping @Sendable (inout ClusterConfiguration) -> Void = { _ in }, onResult: (CheckResult) -> Void
    ) async throws -> CheckReport {
        let implementation = try implementation(named: name)
        if let unknown = only.sorted().first(where: { wanted in !checks.contains { $0.name == wanted } }) {
            throw ExerciseError("exercise '\(descriptor.shortName)' has no check '\(unknown)'; use one of \(checks.map(\.name).joined(separator: ", "))")
        }
        var configuration = checkCluster
        adjust(&configuration)
        configuration.seed = seed
        try validate(cluster: configuration, implementation: name)
        return await CheckRunner.run(
            exercise: descriptor.shortName, implementation: name, checks: checks, only: only, seed: seed,
            environment: .clusters(configuration, migrations: migrations, setUp: setUpCluster, makeService: implementation.make),
            onResult: onResult
        )
    }

    public func validate(cluster configuration: ClusterConfiguration, implementation name: String? = nil) throws {
        try validateCluster?(configuration)
        if let name { try implementation(named: name).validateCluster?(configuration) }
    }

    public func prepareBench(implementation name: String, scenario scenarioName: String, cluster configuration: ClusterConfiguration, keyCount: UInt64) async throws -> PreparedTarget {
        let implementation = try implementation(named: name)
        let scenario = try scenario(named: scenarioName)
        var configuration = configuration
        if let sample = scenario.loadedKeySample, configuration.rangeKeyOrderGroups.isEmpty {
            configuration.rangeKeyOrderGroups = sample(keyCount).map { $0.map(\.order) }
        }
        try configureBenchCluster?(&configuration, keyCount)
        let cluster = try await Cluster.start(configuration, migrations: migrations)
        do {
            try await setUpCluster?(cluster)
            let service = try await implementation.make(cluster)
            let run = ScenarioRun(keyCount: keyCount, options: configuration.options, cluster: cluster)
            try await scenario.prepare(service, run)
            let target = ScenarioTarget(service: service, scenario: scenario, cluster: cluster, run: run)
            target.startBackground()
            return PreparedTarget(target: target) {
                await target.finishBackground()
                await cluster.shutdown()
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    public func prepareFloor(
        scenario scenarioName: String, keyCount: UInt64, connectionCount: Int, inMemory: Bool, valueSizeBytes: Int, options: [String: String]
    ) async throws -> PreparedTarget {
        let scenario = try scenario(named: scenarioName)
        guard let floor else {
            guard let floorService else { throw ExerciseError("exercise '\(descriptor.shortName)' has no floor") }
            return try await ServiceFloorTarget.prepare(floorService(), scenario: scenario, keyCount: keyCount, options: options)
        }
        let target = try RawSQLiteFloor(
            spec: floor, mix: scenario.mix, keyCount: keyCount, connectionCount: connectionCount,
            inMemory: inMemory, valueSizeBytes: valueSizeBytes
        )
        return PreparedTarget(target: target) { target.close() }
    }
}
