import ExerciseKit
import SearchEngine

extension SearchChecks {
    static let awkwardQueries = Check<any SearchService>(
        "awkward-queries",
        "empty, whitespace-only and punctuation-only queries return no hits; non-Latin and accented queries (folded as the engine folds them) and a 64-term query equal one index's; a 65-term or 10,000-term query and k outside 1…\(SearchEngine.maxResults) are refused with invalidQuery"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let documents = taggedDocuments(count: 60) + [
            Document(id: 7_000_001, title: "Москва", body: "город москва 東京 shared"),
            Document(id: 7_000_002, title: "القاهرة", body: "مدينة Ελλάδα ÑANDÚ"),
            Document(id: 7_000_003, title: "emoji 🙂 text", body: "naïve café CAFÉ"),
        ]
        try await context.index(documents, on: service)
        let oracle = try SearchOracle(documents: documents)
        for query in ["", "   ", " \t\n  ", "!?., — …", "\u{00A0}\u{2003}"] {
            let hits = try await history.record(client: 0, "search", "\(query.debugDescription), k: 10, or", describe: SearchText.describe) {
                try await service.search(query, k: 10, mode: .or)
            }
            try context.require(hits.isEmpty, "search(\(query.debugDescription)) returned \(SearchText.describe(hits)); a query with no terms has no hits")
        }
        for query in ["москва", "МОСКВА", "東京", "Ελλάδα", "ελλαδα", "nandu", "ÑANDÚ", "القاهرة", "cafe", "naive café", "москва 東京 shared"] {
            try await context.requireSingleNodeAnswer(service, oracle, query)
            try await context.requireSingleNodeAnswer(service, oracle, query, mode: .and)
        }
        let words = SearchDocumentPool.vocabulary
        let longest = (0..<SearchEngine.maxQueryTerms).map { words[$0 % words.count] }.joined(separator: " ")
        try await context.requireSingleNodeAnswer(service, oracle, longest, k: 20)
        let tooLong = longest + " alpha"
        let huge = (0..<10_000).map { "t\($0)" }.joined(separator: " ")
        for (query, label) in [(tooLong, "a \(SearchEngine.maxQueryTerms + 1)-term query"), (huge, "a 10,000-term query")] {
            try await requireInvalidQuery(context, label) { try await service.search(query, k: 10, mode: .or) }
        }
        for k in [0, -1, SearchEngine.maxResults + 1] {
            try await requireInvalidQuery(context, "k = \(k)") { try await service.search("shared", k: k, mode: .or) }
        }
        try await context.requireSingleNodeAnswer(service, oracle, "shared", k: SearchEngine.maxResults)
    }

    /// Requires `body` to be refused as an invalid query (the service's error, or the engine's passed through).
    private static func requireInvalidQuery(
        _ context: CheckContext<any SearchService>, _ what: String, _ body: @Sendable () async throws -> [SearchHit]
    ) async throws {
        let outcome: SearchOutcome
        do {
            outcome = .hits(try await context.history.record(client: 0, "search", what, describe: SearchText.describe, body))
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            guard let refusal = error as? SearchServiceError ?? SearchServiceError(refusing: error) else {
                throw CheckFailure("\(what): expected a refusal with invalidQuery, got \(error)")
            }
            outcome = .refused(refusal.code)
        }
        try context.require(outcome == .refused(.invalidQuery), "\(what): expected a refusal with invalidQuery, got \(outcome)")
    }
}
