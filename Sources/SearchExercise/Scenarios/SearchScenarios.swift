import ExerciseKit
import LoadGenerator
import ScaleCore
import SearchEngine

/// The SearchService workloads over the corpus of `SearchWorkload` (synthetic, or a file with
/// `--set corpus=PATH`): `--keys` documents are loaded; key `k` asks query `k mod 4096`; new
/// documents continue the corpus.
public enum SearchScenarios {
    public static let all: [Scenario<any SearchService>] = [queryHeavy, fanOut, andQueries, indexing, mixed, slowReplica]

    static let agreementMetrics = [
        TargetMetric("topTenAgreement", label: "top-10 same", unit: .fraction, polarity: .prefersLarger),
        TargetMetric("topTenOverlap", label: "top-10 overlap", unit: .fraction, polarity: .prefersLarger),
    ]

    static let search: @Sendable (any SearchService, LoadOperation, ScenarioRun, SearchMode) async throws -> Void = { service, operation, run, mode in
        let queries = try SearchWorkload.prepared(for: run).queries
        _ = try await service.search(queries[Int(operation.key % UInt64(queries.count))], k: 10, mode: mode)
    }

    static let indexNext: @Sendable (any SearchService, ScenarioRun) async throws -> Void = { service, run in
        let workload = try SearchWorkload.prepared(for: run)
        try await service.index([workload.document(at: Int(run.nextSequenceNumber()))])
    }

    // The probe runs right after `prepare`, on the corpus it loaded (cells run one at a time).
    static let measureAgreement: @Sendable (any SearchService, Cluster) async throws -> [String: Double] = { service, _ in
        guard let workload = SearchWorkload.lastLoaded else { return [:] }
        return try await AgreementProbe.topTenAgreement(service, workload: workload)
    }

    static let queryHeavy = Scenario<any SearchService>(
        name: "query-heavy", summary: "100% top-10 OR searches, Zipfian over 4,096 queries (a few are hot): what a result cache is for",
        mix: .single("search"), keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: SearchWorkload.load,
        perform: { service, operation, run in try await search(service, operation, run, .or) },
        duringLoad: measureAgreement, metrics: agreementMetrics
    )

    static let fanOut = Scenario<any SearchService>(
        name: "fan-out", summary: "100% top-10 OR searches, uniform over 4,096 queries: every shard answers every query",
        mix: .single("search"),
        prepare: SearchWorkload.load,
        perform: { service, operation, run in try await search(service, operation, run, .or) },
        duringLoad: measureAgreement, metrics: agreementMetrics
    )

    static let andQueries = Scenario<any SearchService>(
        name: "and-queries", summary: "100% top-10 AND searches, uniform: fewer matches, block-max pruning on every shard",
        mix: .single("search-and"),
        prepare: SearchWorkload.load,
        perform: { service, operation, run in try await search(service, operation, run, .and) }
    )

    static let indexing = Scenario<any SearchService>(
        name: "indexing", summary: "100% index of new documents (one per call) on top of the loaded corpus: documents indexed per second",
        mix: .single("index"),
        prepare: SearchWorkload.load,
        perform: { service, _, run in try await indexNext(service, run) }
    )

    static let mixed = Scenario<any SearchService>(
        name: "mixed", summary: "90% Zipfian top-10 OR searches, 10% new documents: each write invalidates a result cache",
        mix: OperationMix([.init(name: "search", weight: 90), .init(name: "index", weight: 10)]),
        keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: SearchWorkload.load,
        perform: { service, operation, run in
            if operation.kindIndex == 0 { try await search(service, operation, run, .or) } else { try await indexNext(service, run) }
        }
    )

    static let slowReplica = Scenario<any SearchService>(
        name: "slow-replica", summary: "fan-out searches while one search node answers every message \(SlowReplicaProbe.extraNanos / 1_000_000) ms late: what hedging is for",
        mix: .single("search"),
        prepare: SearchWorkload.load,
        perform: { service, operation, run in try await search(service, operation, run, .or) },
        duringLoad: { _, cluster in try SlowReplicaProbe.slowFirstHostedNode(cluster) }
    )
}
