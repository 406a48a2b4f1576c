import ExerciseKit
import ScaleCore
import SearchEngine

/// The corpus and queries every search scenario uses: key `k` loads document `k` (id `k + 1`)
/// and asks query `k mod queryCount`. The documents are the synthetic corpus, or a file's
/// (`--set corpus=PATH`) renumbered the same way. Built once per process, corpus and size, since
/// every cell of a sweep loads the same documents.
public enum SearchWorkload {
    public static let corpusSeed: UInt64 = 42
    public static let querySeed: UInt64 = 4_242
    public static let queryCount = 4_096
    /// Documents per `index` call while loading.
    public static let loadBatchSize = 500
    /// The `corpus` option's value for the generated corpus.
    public static let syntheticCorpus = "synthetic"

    public struct Prepared: Sendable {
        /// `synthetic`, or the corpus file's path.
        public let corpus: String
        /// The documents loaded: keys `0..<count`.
        public let documents: [Document]
        public let queries: [String]
        // The document count asked for (a file may hold fewer).
        let requestedCount: Int
        // Document `index`, also past the loaded ones (what the indexing scenario adds next).
        let documentAt: @Sendable (Int) -> Document

        /// Document number `index` (id `index + 1`); a file's documents repeat under new ids past its end.
        public func document(at index: Int) -> Document { documentAt(index) }
    }

    // The last workload built; a sweep asks for the same one cell after cell.
    private static let cached = Locked<Prepared?>(nil)
    // The last corpus file read, by path.
    private static let file = Locked<(path: String, documents: [Document])?>(nil)

    /// The workload of `run`: its `corpus` option and key count.
    public static func prepared(for run: ScenarioRun) throws -> Prepared {
        try prepared(documentCount: Int(run.keyCount), corpus: run.options["corpus"] ?? syntheticCorpus)
    }

    /// The first `documentCount` documents of `corpus` (at most a file's all) and the query list.
    public static func prepared(documentCount: Int, corpus: String = syntheticCorpus) throws -> Prepared {
        if let hit = cached.withLock({ $0 }), hit.corpus == corpus, hit.requestedCount == documentCount { return hit }
        let built: Prepared
        if corpus == syntheticCorpus {
            let generated = SyntheticCorpus(shape: .init(documentCount: max(1, documentCount)), seed: corpusSeed)
            built = Prepared(
                corpus: corpus, documents: generated.documents(0..<documentCount),
                queries: QueryGenerator.queries(for: generated, count: queryCount, seed: querySeed),
                requestedCount: documentCount, documentAt: { generated.document(at: $0) }
            )
        } else {
            let all = try fileDocuments(path: corpus)
            let documents = Array(all.prefix(documentCount))
            built = Prepared(
                corpus: corpus, documents: documents,
                queries: QueryGenerator.queries(from: documents, count: queryCount, seed: querySeed),
                requestedCount: documentCount, documentAt: { index in
                    let source = all[index % all.count]
                    return Document(id: UInt64(index) + 1, title: source.title, body: source.body)
                }
            )
        }
        cached.withLock { $0 = built }
        return built
    }

    /// The documents of the corpus file at `path`, renumbered 1…n in file order; an
    /// `ExerciseError` naming the fix when the file cannot be read or holds no usable document.
    public static func fileDocuments(path: String) throws -> [Document] {
        if let hit = file.withLock({ $0 }), hit.path == path { return hit.documents }
        let loaded: CorpusLoader.Loaded
        do {
            loaded = try CorpusLoader.load(path: path)
        } catch {
            throw ExerciseError("--set corpus=\(path): \(error); give a readable JSON Lines or plain-text file, one document per line")
        }
        guard !loaded.documents.isEmpty else {
            let first = loaded.problems.first.map { " (\($0))" } ?? ""
            throw ExerciseError("--set corpus=\(path) has no usable document\(first); give JSON Lines {\"id\":1,\"title\":…,\"body\":…} or one document per line")
        }
        let documents = loaded.documents.enumerated().map { index, document in
            Document(id: UInt64(index) + 1, title: document.title, body: document.body)
        }
        file.withLock { $0 = (path, documents) }
        return documents
    }

    /// The workload the last `load` loaded (nil before any).
    public static var lastLoaded: Prepared? { cached.withLock { $0 } }

    /// Loads the first `run.keyCount` documents through `service`, a few batches at once, then
    /// searches once: an engine makes what it buffered searchable on its first search, which on a
    /// large corpus takes seconds that belong to loading, not to the measured queries.
    public static func load(_ service: any SearchService, _ run: ScenarioRun) async throws {
        let workload = try prepared(for: run)
        let documents = workload.documents
        let batches = UInt64((documents.count + loadBatchSize - 1) / loadBatchSize)
        try await ConcurrentLoader.load(count: batches, concurrency: 4) { batch in
            let start = Int(batch) * loadBatchSize
            try await service.index(Array(documents[start..<min(start + loadBatchSize, documents.count)]))
        }
        _ = try await service.search(workload.queries[0], k: 10, mode: .or)
    }
}
