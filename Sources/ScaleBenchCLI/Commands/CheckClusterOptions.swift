import ArgumentParser
import ExerciseKit
import LoadGenerator

/// The cluster a `check` runs on, as the user chose it: each check starts from the exercise's
/// check cluster, takes these values, then what the check itself needs (a failover check still
/// gets its three replicas). So `check search --set cache=tier --cache-nodes 1` checks the
/// learner's cache code too. One value per option: checks do not sweep.
struct CheckClusterOptions: ParsableArguments {
    @Option(help: "Replicas per shard, 1 to \(ClusterConfiguration.maxReplicaCount) (default: the exercise's check cluster).")
    var replicas: Int?

    @Option(help: "Cache nodes of the cluster's cache tier, 0 to \(CacheTierConfiguration.maximumNodeCount).")
    var cacheNodes: Int?

    @Option(help: "Network profile: none, same-zone, cross-zone, cross-region, or a distribution like lognormal:1ms:0.3.")
    var network: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("A design or cluster option as name=value (repeatable), e.g. cache=tier or replication=async.", valueName: "name=value"))
    var setOptions: [String] = []

    /// The change to every check cluster; throws a usage error naming the bad value.
    func adjustment(for exercise: any AnyExercise) throws -> @Sendable (inout ClusterConfiguration) -> Void {
        var parameters = try setOptions.map(SweepParameter.parse)
        if let several = parameters.first(where: { $0.values.count != 1 }) {
            throw ExerciseError("--set \(several.name) takes one value in check (checks do not sweep); got \(several.values.joined(separator: ","))")
        }
        try ExercisePlan.rejectUnknownSetNames(parameters, exercise: exercise)
        if let replicas { parameters.append(SweepParameter(name: "replicas", values: ["\(replicas)"])) }
        if let cacheNodes { parameters.append(SweepParameter(name: "cache-nodes", values: ["\(cacheNodes)"])) }
        if let network { parameters.append(SweepParameter(name: "network", values: [network])) }
        for parameter in parameters { try ExercisePlan.validate(parameter, exercise: exercise) }
        let values = Dictionary(parameters.map { ($0.name, $0.values[0]) }, uniquingKeysWith: { _, last in last })
        let designNames = Set(exercise.designOptions.map(\.name))
        return { configuration in ExercisePlan.apply(values, designNames: designNames, to: &configuration) }
    }

    /// The options as typed, for the replay line.
    var replayArguments: String {
        var words: [String] = []
        if let replicas { words.append("--replicas \(replicas)") }
        if let cacheNodes { words.append("--cache-nodes \(cacheNodes)") }
        if let network { words.append("--network \(network)") }
        words += setOptions.map { "--set \($0)" }
        return words.map { " " + $0 }.joined()
    }
}
