import LoadGenerator
import ScaleCore

/// A workload for an exercise: an operation mix, how to load data first, and what each
/// operation does to the service. The load generator drives it like any other target.
public struct Scenario<Service: Sendable>: Sendable {
    /// Name on the command line, e.g. `read-heavy`.
    public var name: String
    public var summary: String
    public var mix: OperationMix
    /// The key distribution this scenario is about (e.g. zipfian for a hot user); nil = the run's `--dist`.
    public var keyDistribution: KeyDistributionSpec?
    /// Loads `run.keyCount` records before the run (keys `0..<keyCount`).
    public var prepare: @Sendable (Service, ScenarioRun) async throws -> Void
    /// Performs one operation of the mix.
    public var perform: @Sendable (Service, LoadOperation, ScenarioRun) async throws -> Void
    /// Runs alongside the load (e.g. adds a shard after a second) and returns metrics to report.
    public var duringLoad: (@Sendable (Service, Cluster) async throws -> [String: Double])?
    /// Runs once after the load (and `duringLoad`) ended and returns metrics to report: what the
    /// operations recorded in the run's state (oversells, bookings/s), or what the data shows now.
    /// Its own calls are not counted in msgs/op or shard load.
    public var finish: (@Sendable (Service, Cluster, ScenarioRun, ScenarioWindow) async throws -> [String: Double])?
    /// What `duringLoad`'s and `finish`'s figures are (label, unit, which way is better), for tables and compare.
    public var metrics: [TargetMetric]
    /// A sample of the keys `prepare` loads for `keyCount` keys, one group per kind of key (e.g.
    /// ids and emails), so range partitioners split where the data is; nil = no sample.
    public var loadedKeySample: (@Sendable (_ keyCount: UInt64) -> [[PartitionKey]])?

    public init(
        name: String,
        summary: String,
        mix: OperationMix,
        keyDistribution: KeyDistributionSpec? = nil,
        prepare: @escaping @Sendable (Service, ScenarioRun) async throws -> Void,
        perform: @escaping @Sendable (Service, LoadOperation, ScenarioRun) async throws -> Void,
        duringLoad: (@Sendable (Service, Cluster) async throws -> [String: Double])? = nil,
        finish: (@Sendable (Service, Cluster, ScenarioRun, ScenarioWindow) async throws -> [String: Double])? = nil,
        metrics: [TargetMetric] = []
    ) {
        self.name = name
        self.summary = summary
        self.mix = mix
        self.keyDistribution = keyDistribution
        self.prepare = prepare
        self.perform = perform
        self.duringLoad = duringLoad
        self.finish = finish
        self.metrics = metrics
    }
}

/// What a scenario's `finish` learns about the load that just ran (warm-up included).
public struct ScenarioWindow: Sendable {
    /// From the start of the load to its end.
    public var elapsedNanos: UInt64
    /// Operations the load performed.
    public var operationCount: UInt64
    /// Reads and writes each storage node served meanwhile, in node order.
    public var nodeOperations: [Int]

    public init(elapsedNanos: UInt64, operationCount: UInt64, nodeOperations: [Int]) {
        self.elapsedNanos = elapsedNanos
        self.operationCount = operationCount
        self.nodeOperations = nodeOperations
    }
}
