import ExerciseKit
import SearchEngine

/// The named properties every SearchService must have, in the order `scalebench check search` runs them.
public enum SearchChecks {
    public static let all: [Check<any SearchService>] = [
        matchesSingleNode,
        topKEqualsSingleNode,
        deletedNeverReturned,
        searchableAfterIndex,
        awkwardQueries,
        survivesNodeRestart,
    ]

    /// Documents whose body carries `shared` and a term of their own (`d<id>`), ids spread over the id space.
    static func taggedDocuments(count: Int, idBase: UInt64 = 1, tag: String = "d") -> [Document] {
        (0..<count).map { index in
            let id = idBase &+ UInt64(index) &* 7_919
            let words = SearchDocumentPool.vocabulary
            return Document(
                id: id, title: "\(words[index % words.count]) \(words[(index / 3) % words.count])",
                body: "shared \(tag)\(id) \(words[(index * 7) % words.count])"
            )
        }
    }
}

extension CheckContext where Service == any SearchService {
    /// Searches `service` as `client` (recorded in the history) and requires the single-node answer.
    func requireSingleNodeAnswer(
        _ service: any SearchService, _ oracle: SearchOracle, _ query: String, k: Int = 10, mode: SearchMode = .or,
        client: Int = 0, context what: String = ""
    ) async throws {
        let hits = try await history.record(client: client, "search", "\"\(query.prefix(80))\", k: \(k), \(mode.rawValue)", describe: SearchText.describe) {
            try await service.search(query, k: k, mode: mode)
        }
        if let mismatch = try oracle.mismatch(hits, query: query, k: k, mode: mode) {
            let expected = try oracle.search(query, k: k, mode: mode)
            throw CheckFailure("search(\"\(query.prefix(80))\", k: \(k), \(mode.rawValue))\(what): \(mismatch); one index holding every live document returns \(SearchText.describe(expected))")
        }
    }

    /// Indexes `documents` in batches of `batchSize` as `client`, each batch recorded.
    func index(_ documents: [Document], on service: any SearchService, batchSize: Int = 50, client: Int = 0) async throws {
        for start in stride(from: 0, to: documents.count, by: batchSize) {
            let batch = Array(documents[start..<min(start + batchSize, documents.count)])
            try await history.record(client: client, "index", "\(batch.count) documents, ids \(batch.first!.id)…\(batch.last!.id)", describe: { _ in "done" }) {
                try await service.index(batch)
            }
        }
    }
}
