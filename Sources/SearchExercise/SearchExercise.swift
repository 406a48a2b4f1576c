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
    public static let corpusOption = DesignOption(
        name: "corpus", summary: "the documents every cell and the floor load: the synthetic corpus, or a file (JSON Lines {\"id\",\"title\",\"body\"} or one document per line), renumbered 1…n",
        values: [], defaultValue: SearchWorkload.syntheticCorpus, appliesToFloor: true
    )
    public static let cacheOption = DesignOption(
        name: "cache", summary: "a query-result cache, invalidated by every index and delete: on the cluster's cache tier (needs --cache-nodes), or on a node of its own",
        values: SearchDesign.Cache.allCases.map(\.rawValue), defaultValue: SearchDesign.Cache.off.rawValue
    )

    /// The reference designs, `reference` first.
    public static let references: [Implementation<any SearchService>] = [
        sharded("reference", "document-partitioned shards (hash of id), statistics pass, heap merge of each shard's top k; --replicas, --set statistics, hedging, cache"),
        Implementation("single-node", "the monolith: one node runs one engine holding every document") { cluster in
            try SingleNodeSearchService(cluster: cluster)
        },
        sharded("local-statistics", "scatter-gather where each shard scores with its own statistics: one round trip, a different ranking (the trap)") { design, _ in
            design.statistics = .local
        },
        sharded("hedged", "2 replicas per shard, a hedged request after about the p95") { design, _ in
            design.replicas = max(design.replicas, 2)
            design.hedging = true
        },
        sharded("cached", "the reference with a query-result cache invalidated on every change: on the cache tier with --cache-nodes, else on its own node") { design, configuration in
            if design.cache == .off { design.cache = configuration.cacheNodeCount > 0 ? .tier : .node }
        },
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
            checkCluster: Self.checkCluster,
            designOptions: [statisticsOption, hedgingOption, cacheOption, corpusOption],
            defaultSweep: defaultSweep,
            floorService: { InProcessSearchService() },
            validateCluster: validate
        )
    }

    /// `cache=tier` needs the cluster's cache tier; a corpus file must load.
    static func validate(_ configuration: ClusterConfiguration) throws {
        if configuration.options["cache"] == SearchDesign.Cache.tier.rawValue, configuration.cacheNodeCount == 0 {
            throw ExerciseError("cache=tier needs the cluster's cache tier; add --cache-nodes 1 (or use cache=node)")
        }
        if let corpus = configuration.options["corpus"], corpus != SearchWorkload.syntheticCorpus {
            _ = try SearchWorkload.fileDocuments(path: corpus)
        }
    }

    /// Four shards on files (a restart reopens them) and one cache node for designs that cache.
    static var checkCluster: ClusterConfiguration {
        var configuration = ClusterConfiguration(shardCount: 4, storageMode: .file)
        configuration.cacheNodeCount = 1
        return configuration
    }

    /// The design the `--set` options of `cluster` choose.
    static func design(of cluster: Cluster) throws -> SearchDesign {
        let options = cluster.configuration.options
        return SearchDesign(
            statistics: try statisticsOption.value(in: options, SearchDesign.Statistics.init(rawValue:)),
            replicas: cluster.configuration.replicaCount,
            hedging: try hedgingOption.value(in: options) == "on",
            cache: try cacheOption.value(in: options, SearchDesign.Cache.init(rawValue:))
        )
    }

    static func sharded(
        _ name: String, _ summary: String, fixing adjust: @escaping @Sendable (inout SearchDesign, ClusterConfiguration) -> Void = { _, _ in }
    ) -> Implementation<any SearchService> {
        Implementation(name, summary) { cluster in
            var chosen = try design(of: cluster)
            adjust(&chosen, cluster.configuration)
            return try ShardedSearchService(cluster: cluster, design: chosen)
        }
    }
}
