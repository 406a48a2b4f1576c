import ExerciseKit
import LoadGenerator
import ScaleCore
import SearchEngine

/// Exercise 4: "a distributed search system with sharding, replication and caching".
public enum SearchExercise {
    public static let descriptor = ExerciseDescriptor(
        shortName: "search", title: "distributed search: sharded, replicated, cached", difficulty: .hard,
        stubPath: "Exercises/Search/MySearchService.swift", readmePath: "Exercises/Search/README.md"
    )

    public static let statisticsOption = DesignOption(
        name: "statistics", summary: "what each shard scores with: its own figures, or a statistics pass summing every shard's",
        values: SearchDesign.Statistics.allCases.map(\.rawValue), defaultValue: SearchDesign.Statistics.global.rawValue
    )
    public static let hedgingOption = DesignOption(
        name: "hedging", summary: "with --replicas 2 or more, ask a second replica after about the p95 of recent calls; the first answer wins",
        values: ["off", "on"], defaultValue: "off"
    )
    public static let cacheOption = DesignOption(
        name: "cache", summary: "a query-result cache on its own node, invalidated by every index and delete",
        values: ["off", "on"], defaultValue: "off"
    )

    /// The reference designs, `reference` first.
    public static let references: [Implementation<any SearchService>] = [
        sharded("reference", "document-partitioned shards (hash of id), statistics pass, heap merge of each shard's top k; --replicas, --set statistics, hedging, cache"),
        Implementation("single-node", "the monolith: one node runs one engine holding every document") { cluster in
            try SingleNodeSearchService(cluster: cluster)
        },
        sharded("local-statistics", "scatter-gather where each shard scores with its own statistics: one round trip, a different ranking (the trap)") {
            $0.statistics = .local
        },
        sharded("hedged", "2 replicas per shard, a hedged request after about the p95") {
            $0.replicas = max($0.replicas, 2)
            $0.hedging = true
        },
        sharded("cached", "the reference with a query-result cache node invalidated on every change") { $0.cache = true },
    ]

    /// The exercise with the learner's implementation registered as `mine`.
    public static func definition(mine: Implementation<any SearchService>) -> ExerciseDefinition<any SearchService> {
        ExerciseDefinition(
            descriptor: descriptor,
            implementations: [mine] + references,
            checks: SearchChecks.all,
            scenarios: SearchScenarios.all,
            migrations: nil,
            floor: nil,
            checkCluster: ClusterConfiguration(shardCount: 4, storageMode: .file),
            designOptions: [statisticsOption, hedgingOption, cacheOption],
            defaultSweep: defaultSweep,
            floorService: { InProcessSearchService() }
        )
    }

    /// The design the `--set` options of `cluster` choose.
    static func design(of cluster: Cluster) throws -> SearchDesign {
        let options = cluster.configuration.options
        func value(_ option: DesignOption) throws -> String {
            let chosen = options[option.name] ?? option.defaultValue
            guard option.values.contains(chosen) else {
                throw ExerciseError("unknown \(option.name) '\(chosen)'; use one of \(option.values.joined(separator: ", "))")
            }
            return chosen
        }
        return SearchDesign(
            statistics: SearchDesign.Statistics(rawValue: try value(statisticsOption))!,
            replicas: cluster.configuration.replicaCount,
            hedging: try value(hedgingOption) == "on",
            cache: try value(cacheOption) == "on"
        )
    }

    static func sharded(
        _ name: String, _ summary: String, fixing adjust: @escaping @Sendable (inout SearchDesign) -> Void = { _ in }
    ) -> Implementation<any SearchService> {
        Implementation(name, summary) { cluster in
            var chosen = try design(of: cluster)
            adjust(&chosen)
            return try ShardedSearchService(cluster: cluster, design: chosen)
        }
    }
}
