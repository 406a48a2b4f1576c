import ExerciseKit
import Foundation
import LoadGenerator
import ScaleCore

/// Bench cells for an exercise: its default sweep's groups, or one grid from the user's options;
/// each group's floor rows first, then every implementation × parameter cell.
enum ExercisePlan {
    /// Cluster parameters in table order, with the value used when neither the user nor the group
    /// sets one: `ClusterConfiguration`'s own defaults, the one place they are set.
    static var clusterDefaults: [(name: String, value: String)] {
        let standard = ClusterConfiguration()
        return [
            ("shards", "\(standard.shardCount)"), ("partitioner", standard.partitioner),
            ("network", "\(standard.networkDelay)"), ("storage", standard.storageMode.rawValue),
            ("replicas", "\(standard.replicaCount)"), ("replication", standard.replication.rawValue),
            ("reads", standard.reads.rawValue), ("cache-nodes", "\(standard.cacheNodeCount)"),
        ]
    }

    /// Per exercise, every cluster and design parameter's default, recorded in each results file
    /// so a later `compare` matches this run's cells after a knob is added.
    static var parameterDefaults: [String: [String: String]] {
        let cluster = Dictionary(clusterDefaults.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        return Dictionary(ExerciseCatalog.all.map { exercise in
            (exercise.descriptor.shortName, cluster.merging(exercise.designOptions.map { ($0.name, $0.defaultValue) }) { first, _ in first })
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Cluster parameters set through `--set` like design options (every exercise has them).
    static let clusterSetNames: Set<String> = ["replication", "reads"]

    static func cells(
        exercise: any AnyExercise, load: LoadOptions, cluster: ClusterOptions, designParameters: [SweepParameter]
    ) throws -> [BenchCell] {
        let sweep = exercise.defaultSweep
        let groups: [SweepGroup]
        if cluster.choosesDesign || !designParameters.isEmpty {
            groups = [SweepGroup(
                title: "", implementations: try cluster.impl.map(ParameterParsing.list) ?? ["reference"],
                scenarios: try cluster.scenario.map(ParameterParsing.list) ?? [exercise.scenarioList[0].name],
                parameters: []
            )]
        } else {
            groups = sweep.groups
        }
        let durationNanos = try load.durationNanos(fallback: sweep.durationNanos)
        let warmupNanos = try load.warmupNanos(fallback: sweep.warmupNanos)
        var cells: [BenchCell] = []
        for group in groups {
            try validate(group, exercise: exercise)
            let clusterParameters = try clusterParameters(group: group, options: cluster, design: designParameters, exercise: exercise)
            for scenario in group.scenarios {
                let shape = try exercise.workloadShape(scenario: scenario)
                let loadParameters = try load.sweepParameters(
                    defaultDist: shape.keyDistribution?.argumentString ?? "uniform", defaultKeys: "\(sweep.keyCount)",
                    defaultClients: group.parameters.first { $0.name == "clients" }?.values.joined(separator: ",") ?? "8"
                )
                let scenarioParameter = SweepParameter(name: "scenario", values: [scenario])
                if cluster.floor, exercise.hasFloor {
                    let storage = clusterParameters.first { $0.name == "storage" }!
                    let floorNames = Set(exercise.designOptions.filter(\.appliesToFloor).map(\.name))
                    let floorDesign = clusterParameters.filter { floorNames.contains($0.name) }
                    for cell in try ParameterGrid([scenarioParameter, storage] + floorDesign + loadParameters).cells {
                        cells.append(try floorCell(exercise, cell: cell, mix: shape.mix, load: load, group: group, durations: (durationNanos, warmupNanos)))
                    }
                }
                for implementation in group.implementations {
                    for cell in try ParameterGrid([scenarioParameter] + clusterParameters + loadParameters).cells {
                        cells.append(try designCell(
                            exercise, implementation: implementation, cell: cell, mix: shape.mix, load: load, group: group,
                            durations: (durationNanos, warmupNanos)
                        ))
                    }
                }
            }
        }
        return cells
    }

    /// Cluster and design parameters: the user's lists, else the group's, else the defaults.
    static func clusterParameters(
        group: SweepGroup, options: ClusterOptions, design: [SweepParameter], exercise: any AnyExercise
    ) throws -> [SweepParameter] {
        let given: [String: String?] = [
            "shards": options.shards, "partitioner": options.partitioner, "network": options.network,
            "storage": options.storage, "replicas": options.replicas, "cache-nodes": options.cacheNodes,
        ]
        var parameters: [SweepParameter] = []
        for (name, fallback) in clusterDefaults {
            if let text = given[name] ?? nil {
                parameters.append(SweepParameter(name: name, values: try ParameterParsing.list(text)))
            } else if let set = design.first(where: { $0.name == name }), clusterSetNames.contains(name) {
                parameters.append(set)
            } else {
                parameters.append(group.parameters.first { $0.name == name } ?? SweepParameter(name: name, values: [fallback]))
            }
        }
        for option in exercise.designOptions {
            parameters.append(
                design.first { $0.name == option.name }
                    ?? group.parameters.first { $0.name == option.name }
                    ?? SweepParameter(name: option.name, values: [option.defaultValue])
            )
        }
        try rejectUnknownSetNames(design, exercise: exercise)
        for parameter in parameters { try validate(parameter, exercise: exercise) }
        return parameters
    }

    /// Refuses a `--set` name that is neither a design option of `exercise` nor a cluster option.
    static func rejectUnknownSetNames(_ parameters: [SweepParameter], exercise: any AnyExercise) throws {
        guard let unknown = parameters.first(where: { parameter in
            !clusterSetNames.contains(parameter.name) && !exercise.designOptions.contains { $0.name == parameter.name }
        }) else { return }
        let names = exercise.designOptions.map(\.name) + clusterSetNames.sorted()
        throw ExerciseError("exercise '\(exercise.descriptor.shortName)' has no design option '\(unknown.name)'; use \(names.isEmpty ? "none" : names.joined(separator: ", "))")
    }

    /// Sets on `configuration` each cluster parameter and design option that `values` names (as
    /// typed, already validated); what `values` does not name stays as it was.
    static func apply(_ values: [String: String], designNames: Set<String>, to configuration: inout ClusterConfiguration) {
        if let shards = values["shards"].flatMap({ Int($0) }) { configuration.shardCount = shards }
        if let replicas = values["replicas"].flatMap({ Int($0) }) { configuration.replicaCount = replicas }
        if let network = values["network"].flatMap({ try? LatencyDistribution(parsing: $0) }) { configuration.networkDelay = network }
        if let storage = values["storage"].flatMap(ClusterConfiguration.StorageMode.init(rawValue:)) { configuration.storageMode = storage }
        if let partitioner = values["partitioner"] { configuration.partitioner = partitioner }
        if let replication = values["replication"].flatMap(ClusterReplication.init(rawValue:)) { configuration.replication = replication }
        if let reads = values["reads"].flatMap(ClusterReads.init(rawValue:)) { configuration.reads = reads }
        if let cacheNodes = values["cache-nodes"].flatMap({ Int($0) }) { configuration.cacheNodeCount = cacheNodes }
        for (name, value) in values where designNames.contains(name) { configuration.options[name] = value }
    }

    static func validate(_ group: SweepGroup, exercise: any AnyExercise) throws {
        for name in group.implementations where !exercise.implementationList.contains(where: { $0.name == name }) {
            throw ExerciseError("exercise '\(exercise.descriptor.shortName)' has no implementation '\(name)'; use one of \(exercise.implementationList.map(\.name).joined(separator: ", "))")
        }
        for name in group.scenarios { _ = try exercise.workloadShape(scenario: name) }
    }

    /// Checks every value of a cluster or design parameter before anything runs.
    static func validate(_ parameter: SweepParameter, exercise: any AnyExercise) throws {
        for value in parameter.values {
            switch parameter.name {
            case "shards":
                guard let count = Int(value), (1...ClusterConfiguration.maxShardCount).contains(count) else {
                    throw ExerciseError("--shards value '\(value)' is not a count from 1 to \(ClusterConfiguration.maxShardCount); write e.g. 1,2,4,8")
                }
            case "replicas":
                guard let count = Int(value), (1...ClusterConfiguration.maxReplicaCount).contains(count) else {
                    throw ExerciseError("--replicas value '\(value)' is not a count from 1 to \(ClusterConfiguration.maxReplicaCount); write e.g. 1,3")
                }
            case "cache-nodes":
                guard let count = Int(value), (0...CacheTierConfiguration.maximumNodeCount).contains(count) else {
                    throw ExerciseError("--cache-nodes value '\(value)' is not a count from 0 to \(CacheTierConfiguration.maximumNodeCount); write e.g. 0,4")
                }
            case "replication":
                guard ClusterReplication(rawValue: value) != nil else {
                    throw ExerciseError("--set replication value '\(value)' is unknown; use one of \(ClusterReplication.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            case "reads":
                guard ClusterReads(rawValue: value) != nil else {
                    throw ExerciseError("--set reads value '\(value)' is unknown; use one of \(ClusterReads.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            case "network":
                _ = try networkDelay(value)
            case "storage":
                guard ClusterConfiguration.StorageMode(rawValue: value) != nil else {
                    throw ExerciseError("--storage value '\(value)' is unknown; use file or memory")
                }
            case "partitioner":
                guard PartitionStrategy(rawValue: value) != nil else {
                    throw ExerciseError("--partitioner value '\(value)' is unknown; use one of \(PartitionStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            default:
                if let option = exercise.designOptions.first(where: { $0.name == parameter.name }), !option.values.isEmpty, !option.values.contains(value) {
                    throw ExerciseError("--set \(option.name) value '\(value)' is unknown; use one of \(option.values.joined(separator: ", "))")
                }
            }
        }
    }

    static func networkDelay(_ text: String) throws -> LatencyDistribution {
        do {
            return try LatencyDistribution(parsing: text)
        } catch {
            throw ExerciseError("--network: \(error.message)")
        }
    }

    static func designCell(
        _ exercise: any AnyExercise, implementation: String, cell: SweepCell, mix: OperationMix, load: LoadOptions,
        group: SweepGroup, durations: (UInt64, UInt64)
    ) throws -> BenchCell {
        let configuration = try LoadCellValues.configuration(for: cell, mix: mix, options: load, durationNanos: durations.0, warmupNanos: durations.1)
        var clusterConfiguration = ClusterConfiguration(seed: load.seed)
        apply(cell.dictionary, designNames: Set(exercise.designOptions.map(\.name)), to: &clusterConfiguration)
        try exercise.validate(cluster: clusterConfiguration, implementation: implementation)
        let scenario = cell["scenario"] ?? ""
        let keyCount = configuration.workload.keyCount
        return BenchCell(
            suite: exercise.descriptor.shortName, group: group.title, implementation: implementation, parameters: cell,
            configuration: configuration,
            prepare: { [clusterConfiguration] in try await exercise.prepareBench(implementation: implementation, scenario: scenario, cluster: clusterConfiguration, keyCount: keyCount) }
        )
    }

    static func floorCell(
        _ exercise: any AnyExercise, cell: SweepCell, mix: OperationMix, load: LoadOptions, group: SweepGroup, durations: (UInt64, UInt64)
    ) throws -> BenchCell {
        let configuration = try LoadCellValues.configuration(for: cell, mix: mix, options: load, durationNanos: durations.0, warmupNanos: durations.1)
        let scenario = cell["scenario"] ?? ""
        let inMemory = cell["storage"] == "memory"
        let keyCount = configuration.workload.keyCount
        let connections = configuration.threadCount
        let valueSize = configuration.workload.valueSizeBytesMax
        let floorNames = Set(exercise.designOptions.filter(\.appliesToFloor).map(\.name))
        let options = cell.dictionary.filter { floorNames.contains($0.key) }
        return BenchCell(
            suite: exercise.descriptor.shortName, group: group.title, implementation: "floor", parameters: cell,
            configuration: configuration,
            prepare: {
                try await exercise.prepareFloor(
                    scenario: scenario, keyCount: keyCount, connectionCount: connections, inMemory: inMemory, valueSizeBytes: valueSize, options: options
                )
            }
        )
    }
}
