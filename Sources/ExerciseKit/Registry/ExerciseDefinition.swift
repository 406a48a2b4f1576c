import LoadGenerator
import ScaleCore

/// Everything one exercise brings: its protocol's implementations, checks, scenarios, schema and
/// raw-SQLite floor. Exercise modules build one; the CLI sees it through `AnyExercise`.
public struct ExerciseDefinition<Service: Sendable>: Sendable {
    public var descriptor: ExerciseDescriptor
    /// `mine` first, then `reference`, then named variants.
    public var implementations: [Implementation<Service>]
    public var checks: [Check<Service>]
    public var scenarios: [Scenario<Service>]
    /// Schema every cluster node starts with.
    public var migrations: SchemaMigrations?
    /// The floor each bench includes; nil for none.
    public var floor: FloorSpec?
    /// The cluster checks run on: several shards, so cross-shard bugs show.
    public var checkCluster: ClusterConfiguration
    /// Design options this exercise understands (`--param name=values`), with their values.
    public var designOptions: [DesignOption]
    /// What `scalebench bench <exercise>` and `make bench` sweep when given no options.
    public var defaultSweep: DefaultSweep

    public init(
        descriptor: ExerciseDescriptor,
        implementations: [Implementation<Service>],
        checks: [Check<Service>],
        scenarios: [Scenario<Service>],
        migrations: SchemaMigrations?,
        floor: FloorSpec?,
        checkCluster: ClusterConfiguration,
        designOptions: [DesignOption],
        defaultSweep: DefaultSweep
    ) {
        self.descriptor = descriptor
        self.implementations = implementations
        self.checks = checks
        self.scenarios = scenarios
        self.migrations = migrations
        self.floor = floor
        self.checkCluster = checkCluster
        self.designOptions = designOptions
        self.defaultSweep = defaultSweep
    }

    /// The implementation named `name`; throws listing the valid names.
    public func implementation(named name: String) throws -> Implementation<Service> {
        guard let found = implementations.first(where: { $0.name == name }) else {
            throw ExerciseError("exercise '\(descriptor.shortName)' has no implementation '\(name)'; use one of \(implementations.map(\.name).joined(separator: ", "))")
        }
        return found
    }

    /// The scenario named `name`; throws listing the valid names.
    public func scenario(named name: String) throws -> Scenario<Service> {
        guard let found = scenarios.first(where: { $0.name == name }) else {
            throw ExerciseError("exercise '\(descriptor.shortName)' has no scenario '\(name)'; use one of \(scenarios.map(\.name).joined(separator: ", "))")
        }
        return found
    }
}

/// A design option of an exercise, e.g. `email-lookup` with values `scatter-gather`, `global-index`.
public struct DesignOption: Sendable, Hashable {
    public var name: String
    public var summary: String
    public var values: [String]
    public var defaultValue: String

    public init(name: String, summary: String, values: [String], defaultValue: String) {
        self.name = name
        self.summary = summary
        self.values = values
        self.defaultValue = defaultValue
    }
}

/// The sweep a bench runs when the user gives no options: each parameter's values as text,
/// as they would be typed on the command line.
public struct DefaultSweep: Sendable, Hashable {
    public var implementations: [String]
    public var scenarios: [String]
    public var parameters: [SweepParameter]
    public var durationNanos: UInt64
    public var warmupNanos: UInt64

    public init(implementations: [String], scenarios: [String], parameters: [SweepParameter], durationNanos: UInt64, warmupNanos: UInt64) {
        self.implementations = implementations
        self.scenarios = scenarios
        self.parameters = parameters
        self.durationNanos = durationNanos
        self.warmupNanos = warmupNanos
    }
}

/// An exercise-level usage problem (unknown implementation or scenario, bad option value).
public struct ExerciseError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
