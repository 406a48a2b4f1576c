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
    /// Puts the exercise's own fixtures on every cluster (bench and check) before any service
    /// instance is made, e.g. the push provider that implementations look up with `endpoint(named:)`.
    public var setUpCluster: (@Sendable (Cluster) async throws -> Void)?
    /// A floor that is not SQL: this service, built without a cluster (e.g. one in-process search
    /// engine), runs the scenario itself; used when `floor` is nil.
    public var floorService: (@Sendable () throws -> Service)?
    /// Refuses a cluster configuration the exercise's designs cannot run on, before anything starts
    /// (throw an `ExerciseError` that names the fix); the CLI turns it into a usage error.
    public var validateCluster: (@Sendable (ClusterConfiguration) throws -> Void)?
    /// Fits a bench cluster to its run before it starts, from its design options and the run's
    /// key count (e.g. a cache tier sized as a share of the users); checks never call it.
    public var configureBenchCluster: (@Sendable (inout ClusterConfiguration, _ keyCount: UInt64) throws -> Void)?

    public init(
        descriptor: ExerciseDescriptor,
        implementations: [Implementation<Service>],
        checks: [Check<Service>],
        scenarios: [Scenario<Service>],
        migrations: SchemaMigrations?,
        floor: FloorSpec?,
        checkCluster: ClusterConfiguration,
        designOptions: [DesignOption],
        defaultSweep: DefaultSweep,
        setUpCluster: (@Sendable (Cluster) async throws -> Void)? = nil,
        floorService: (@Sendable () throws -> Service)? = nil,
        validateCluster: (@Sendable (ClusterConfiguration) throws -> Void)? = nil,
        configureBenchCluster: (@Sendable (inout ClusterConfiguration, _ keyCount: UInt64) throws -> Void)? = nil
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
        self.setUpCluster = setUpCluster
        self.floorService = floorService
        self.validateCluster = validateCluster
        self.configureBenchCluster = configureBenchCluster
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
    /// The values it takes; empty for a free-form value (a file path) that the exercise's
    /// `validateCluster` checks.
    public var values: [String]
    public var defaultValue: String
    /// True when the floor must see it too (the data a run loads), so floor rows get it as well.
    public var appliesToFloor: Bool

    public init(name: String, summary: String, values: [String], defaultValue: String, appliesToFloor: Bool = false) {
        self.name = name
        self.summary = summary
        self.values = values
        self.defaultValue = defaultValue
        self.appliesToFloor = appliesToFloor
    }

    /// What `options` choose for this option (its default when absent), parsed by `parse`; a
    /// one-line error naming the valid values when `parse` refuses it.
    public func value<T>(in options: [String: String], _ parse: (String) -> T?) throws -> T {
        let text = options[name] ?? defaultValue
        guard let value = parse(text) else {
            throw ExerciseError("unknown \(name) '\(text)'; use one of \(values.joined(separator: ", "))")
        }
        return value
    }

    /// What `options` choose for this option, as text: one of `values` (any text when free-form).
    public func value(in options: [String: String]) throws -> String {
        try value(in: options) { values.isEmpty || values.contains($0) ? $0 : nil }
    }
}

/// One part of a default sweep: the implementations and scenarios it runs over a grid of
/// parameters, each value as it would be typed on the command line (`shards=1,2,4,8`; `clients`
/// too, for a group that must stay below saturation to show a tail).
public struct SweepGroup: Sendable, Hashable {
    /// What the group shows, printed above its rows.
    public var title: String
    public var implementations: [String]
    public var scenarios: [String]
    public var parameters: [SweepParameter]

    public init(title: String, implementations: [String], scenarios: [String], parameters: [SweepParameter]) {
        self.title = title
        self.implementations = implementations
        self.scenarios = scenarios
        self.parameters = parameters
    }
}

/// What `scalebench bench <exercise>` (and `make bench`) runs when given no design options:
/// a few focused groups rather than one huge cartesian product, sized to about a minute.
public struct DefaultSweep: Sendable, Hashable {
    public var groups: [SweepGroup]
    public var durationNanos: UInt64
    public var warmupNanos: UInt64
    public var keyCount: UInt64

    public init(groups: [SweepGroup], durationNanos: UInt64, warmupNanos: UInt64, keyCount: UInt64) {
        self.groups = groups
        self.durationNanos = durationNanos
        self.warmupNanos = warmupNanos
        self.keyCount = keyCount
    }
}

/// An exercise-level usage problem (unknown implementation or scenario, bad option value).
public struct ExerciseError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
