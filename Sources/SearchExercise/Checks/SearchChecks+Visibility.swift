import ExerciseKit
import ScaleCore
import SearchEngine

extension SearchChecks {
    static let searchableAfterIndex = Check<any SearchService>(
        "searchable-after-index",
        "once index returns, every search sees the document (no refresh interval): through the other of two instances, replacing a document's text, searched before (so a cache holds the old answer), and while 3 clients index and search over jittery links"
    ) { context in
        let cluster = try await context.makeCluster(network: CheckContext<any SearchService>.jitteryNetwork)
        let first = try await context.makeService(on: cluster)
        let second = try await context.makeService(on: cluster)
        var documents = taggedDocuments(count: 30)
        try await context.index(documents, on: first)
        for round in 0..<16 {
            let writer = round % 2 == 0 ? first : second
            let reader = round % 2 == 0 ? second : first
            _ = try await reader.search("shared", k: 500, mode: .or)
            var document = taggedDocuments(count: 1, idBase: 900_001 &+ UInt64(round) &* 104_729, tag: "fresh")[0]
            if round % 4 == 3 {
                // Replace an indexed document: its old text must stop matching at once.
                document = Document(id: documents[round].id, title: "replaced", body: "shared fresh\(documents[round].id)")
                documents[round] = document
            } else {
                documents.append(document)
            }
            try await context.index([document], on: writer)
            let oracle = try SearchOracle(documents: documents)
            try await context.requireSingleNodeAnswer(reader, oracle, "fresh\(document.id)", context: " right after index returned")
            try await context.requireSingleNodeAnswer(reader, oracle, "shared", k: 500, context: " right after index returned")
            if round % 4 == 3 {
                try await context.requireSingleNodeAnswer(reader, oracle, "d\(document.id)", context: " right after its document was replaced")
            }
        }
        try await requireVisibleWhileIndexing(context, first, second)
    }

    /// Three clients each index documents one by one and search for each right after its index
    /// returned; a fourth searches for all of them: a search invoked after an index returned sees it.
    private static func requireVisibleWhileIndexing(
        _ context: CheckContext<any SearchService>, _ first: any SearchService, _ second: any SearchService
    ) async throws {
        let history = context.history
        let witness = ConcurrentWitness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<3 {
                group.addTask {
                    let writer = client == 1 ? second : first
                    let reader = client == 1 ? first : second
                    for document in taggedDocuments(count: 12, idBase: 5_000_011 &+ UInt64(client), tag: "late") {
                        let late = Document(id: document.id, title: document.title, body: "concurrent late\(document.id)")
                        try await history.record(client: client, "index", SearchText.describe(late)) { try await writer.index([late]) }
                        witness.acknowledge(late.id)
                        let hits = try await history.record(client: client, "search", "\"late\(late.id)\", k: 10, or", describe: SearchText.describe) {
                            try await reader.search("late\(late.id)", k: 10, mode: .or)
                        }
                        if hits.map(\.id) != [late.id] {
                            witness.report("search(\"late\(late.id)\") right after index of document \(late.id) returned \(SearchText.describe(hits)); it must find exactly that document")
                        }
                    }
                }
            }
            group.addTask {
                for _ in 0..<20 {
                    let invokedAt = witness.nowNanos
                    let acknowledged = witness.acknowledged(before: invokedAt)
                    let hits = try await history.record(client: 3, "search", "\"concurrent\", k: 500, or", describe: SearchText.describe) {
                        try await second.search("concurrent", k: 500, mode: .or)
                    }
                    let found = Set(hits.map(\.id))
                    if let missing = acknowledged.keys.sorted().first(where: { !found.contains($0) }) {
                        witness.report("a search invoked \((invokedAt &- acknowledged[missing]!) / 1_000) µs after index of document \(missing) returned did not return it")
                    }
                }
            }
            try await group.waitForAll()
        }
        try witness.requireNone()
    }
}
