import ExerciseKit
import ScaleCore
import SearchEngine

/// Measures from the outside, the same way for `mine` and the references, how often the
/// service's top 10 equals one in-process engine's over the same corpus (ids in order).
enum AgreementProbe {
    static let sampleSize = 200

    // The peer engine of the last corpus and size (as the corpus itself, reused cell after cell).
    private static let peer = Locked<(corpus: String, count: Int, engine: SearchEngine)?>(nil)

    static func peerEngine(_ workload: SearchWorkload.Prepared) throws -> SearchEngine {
        if let hit = peer.withLock({ $0 }), hit.corpus == workload.corpus, hit.count == workload.documents.count { return hit.engine }
        let engine = SearchEngine()
        try engine.index(workload.documents)
        peer.withLock { $0 = (workload.corpus, workload.documents.count, engine) }
        return engine
    }

    /// Over the first `sampleSize` queries (OR, top 10): the share whose ids equal the peer's in
    /// order, and the mean share of the peer's top 10 that the service's top 10 holds at all.
    static func topTenAgreement(_ service: any SearchService, workload: SearchWorkload.Prepared) async throws -> [String: Double] {
        let engine = try peerEngine(workload)
        let queries = workload.queries.prefix(sampleSize)
        var agreeing = 0
        var overlap = 0.0
        for query in queries {
            let expected = try engine.search(query, k: 10, mode: .or).map(\.id)
            let observed = try await service.search(query, k: 10, mode: .or).map(\.id)
            if observed == expected { agreeing += 1 }
            overlap += expected.isEmpty ? 1 : Double(Set(expected).intersection(observed).count) / Double(expected.count)
        }
        let count = Double(max(1, queries.count))
        return ["topTenAgreement": Double(agreeing) / count, "topTenOverlap": overlap / count]
    }
}
