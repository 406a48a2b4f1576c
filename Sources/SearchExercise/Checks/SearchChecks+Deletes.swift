import ExerciseKit
import ScaleCore
import SearchEngine

extension SearchChecks {
    static let deletedNeverReturned = Check<any SearchService>(
        "deleted-never-returned",
        "after delete(id) returns, no search returns the document: searched before (so a cache holds it) and after each delete, through two instances, then while 3 clients search and 1 deletes over jittery links; deleting again or a missing id returns false"
    ) { context in
        let cluster = try await context.makeCluster(network: CheckContext<any SearchService>.jitteryNetwork)
        let first = try await context.makeService(on: cluster)
        let second = try await context.makeService(on: cluster)
        let history = context.history
        var live = taggedDocuments(count: 160)
        try await context.index(live, on: first)
        // Warm every cache a design may keep: the same searches come back after each delete.
        _ = try await first.search("shared", k: 500, mode: .or)
        _ = try await second.search("shared", k: 500, mode: .or)
        for round in 0..<20 {
            let victim = live.remove(at: (round * 37) % live.count)
            let deleter = round % 2 == 0 ? first : second
            let reader = round % 2 == 0 ? second : first
            _ = try await reader.search("d\(victim.id)", k: 10, mode: .or)
            let deleted = try await history.record(client: 0, "delete", "\(victim.id)") { try await deleter.delete(id: victim.id) }
            try context.require(deleted, "delete(\(victim.id)) returned false for a live document")
            let oracle = try SearchOracle(documents: live)
            try await context.requireSingleNodeAnswer(reader, oracle, "d\(victim.id)", context: " right after delete(\(victim.id)) returned")
            try await context.requireSingleNodeAnswer(reader, oracle, "shared", k: 500, context: " right after delete(\(victim.id)) returned")
            let again = try await history.record(client: 0, "delete", "\(victim.id)") { try await deleter.delete(id: victim.id) }
            try context.require(!again, "delete(\(victim.id)) returned true for a document already deleted")
        }
        let missing = try await history.record(client: 0, "delete", "424242") { try await first.delete(id: 424_242) }
        try context.require(!missing, "delete(424242) returned true but no such document was indexed")
        try await requireNoDeletedWhileSearching(context, first, second, live: live)
    }

    /// One client deletes 30 documents while three search for all of them: a search invoked after a
    /// delete returned must not return that document.
    private static func requireNoDeletedWhileSearching(
        _ context: CheckContext<any SearchService>, _ first: any SearchService, _ second: any SearchService, live: [Document]
    ) async throws {
        let history = context.history
        let victims = Array(live.prefix(30))
        let witness = ConcurrentWitness()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for victim in victims {
                    _ = try await history.record(client: 0, "delete", "\(victim.id)") { try await first.delete(id: victim.id) }
                    witness.acknowledge(victim.id)
                }
            }
            for client in 1...3 {
                group.addTask {
                    let service = client == 2 ? first : second
                    for _ in 0..<25 {
                        let invokedAt = witness.nowNanos
                        let gone = witness.acknowledged(before: invokedAt)
                        let hits = try await history.record(client: client, "search", "\"shared\", k: 500, or", describe: SearchText.describe) {
                            try await service.search("shared", k: 500, mode: .or)
                        }
                        if let stale = hits.first(where: { gone[$0.id] != nil }) {
                            witness.report("a search invoked \((invokedAt &- gone[stale.id]!) / 1_000) µs after delete(\(stale.id)) returned still returned it")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try witness.requireNone()
    }
}
