import ExerciseKit
import ScaleCore
import SearchEngine

/// The corpus and queries every search scenario uses: key `k` loads synthetic document `k` (id
/// `k + 1`) and asks query `k mod queryCount`. Generated once per process and size, since every
/// cell of a sweep loads the same corpus.
public enum SearchWorkload {
    public static let corpusSeed: UInt64 = 42
    public static let querySeed: UInt64 = 4_242
    public static let queryCount = 4_096
    /// Documents per `index` call while loading.
    public static let loadBatchSize = 500

    public struct Prepared: Sendable {
        public let corpus: SyntheticCorpus
        public let documents: [Document]
        public let queries: [String]
    }

    // The last corpus generated; a sweep asks for the same size cell after cell.
    private static let cached = Locked<Prepared?>(nil)

    /// The first `documentCount` documents of the corpus and the query list, built on first use.
    public static func prepared(documentCount: Int) -> Prepared {
        if let hit = cached.withLock({ $0 }), hit.documents.count == documentCount { return hit }
        let corpus = SyntheticCorpus(shape: .init(documentCount: max(1, documentCount)), seed: corpusSeed)
        let built = Prepared(
            corpus: corpus, documents: corpus.documents(0..<documentCount),
            queries: QueryGenerator.queries(for: corpus, count: queryCount, seed: querySeed)
        )
        cached.withLock { $0 = built }
        return built
    }

    /// The document count the last `load` loaded (0 before any).
    public static var lastLoadedCount: Int { cached.withLock { $0?.documents.count ?? 0 } }

    /// Loads the first `run.keyCount` documents through `service`, a few batches at once, then
    /// searches once: an engine makes what it buffered searchable on its first search, which on a
    /// large corpus takes seconds that belong to loading, not to the measured queries.
    public static func load(_ service: any SearchService, _ run: ScenarioRun) async throws {
        let workload = prepared(documentCount: Int(run.keyCount))
        let documents = workload.documents
        let batches = UInt64((documents.count + loadBatchSize - 1) / loadBatchSize)
        try await ConcurrentLoader.load(count: batches, concurrency: 4) { batch in
            let start = Int(batch) * loadBatchSize
            try await service.index(Array(documents[start..<min(start + loadBatchSize, documents.count)]))
        }
        _ = try await service.search(workload.queries[0], k: 10, mode: .or)
    }
}
