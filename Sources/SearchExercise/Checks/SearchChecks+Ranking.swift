import ExerciseKit
import SearchEngine

extension SearchChecks {
    static let matchesSingleNode = Check<any SearchService>(
        "matches-single-node",
        "random indexes, replacements, deletes and OR/AND searches (k 1–10) on 8 ids and a tiny Latin and non-Latin vocabulary, through two service instances: every answer equals one index's (scores within 1e-9 relative, ties by id), and every call reaches the cluster's nodes"
    ) { context in
        let pool = SearchDocumentPool(size: 8)
        try await context.checkAgainstModel(ModelCheckPlan(
            model: SearchModel(), phaseCount: 3, stepsPerPhase: 30, instanceCount: 2, requiresMessagesEveryOperation: true,
            generate: { generator, _ in pool.draw(&generator) },
            observe: { _ in pool.observation() },
            execute: { service, operation in try await operation.run(on: service) }
        ))
    }

    static let topKEqualsSingleNode = Check<any SearchService>(
        "top-k-equals-single-node",
        "800 synthetic documents (Zipfian terms, so shards' term frequencies differ), 100 queries: the sharded top-k (k 1, 10, 100; OR and AND) equals one index's, ids and scores"
    ) { context in
        let service = try await context.makeService()
        let corpus = SyntheticCorpus(shape: .init(documentCount: 800, vocabularySize: 300, medianBodyWords: 30), seed: context.seed)
        let documents = corpus.documents(0..<800)
        try await context.index(documents, on: service, batchSize: 100)
        let oracle = try SearchOracle(documents: documents)
        let queries = QueryGenerator.queries(for: corpus, count: 100, seed: context.seed)
        for (index, query) in queries.enumerated() {
            let k = [10, 10, 10, 1, 100][index % 5]
            try await context.requireSingleNodeAnswer(service, oracle, query, k: k, mode: index % 2 == 0 ? .or : .and)
        }
    }
}
