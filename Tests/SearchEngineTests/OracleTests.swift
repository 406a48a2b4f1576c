import Testing
@testable import SearchEngine

/// The engine against real SQLite FTS5 on the same documents and queries.
@Suite struct OracleTests {
    static func build(_ corpus: SyntheticCorpus) throws -> (SearchEngine, FTS5Peer) {
        let engine = SearchEngine()
        let peer = try FTS5Peer()
        let documents = corpus.documents(0..<corpus.shape.documentCount)
        try engine.index(documents)
        try peer.index(documents)
        return (engine, peer)
    }

    @Test(arguments: [SearchMode.or, .and], [false, true])
    func topTenEqualsFTS5(mode: SearchMode, scrambledIds: Bool) throws {
        let corpus = SyntheticCorpus(shape: .init(documentCount: 800, vocabularySize: 1200, medianBodyWords: 40, scrambledIds: scrambledIds), seed: 7)
        let (engine, peer) = try Self.build(corpus)
        let report = try OracleComparison.compare(engine: engine, peer: peer, queries: QueryGenerator.queries(for: corpus, count: 100, seed: 3), mode: mode)
        #expect(report.untiedQueries >= 60)
        #expect(report.disagreements == [], "first disagreement: \(report.disagreements.first ?? "")")
    }

    @Test func repeatedTermsAndTinyCollectionsMatchFTS5() throws {
        let engine = SearchEngine()
        let peer = try FTS5Peer()
        let documents = [
            Document(id: 5, title: "Café", body: "cafe cafe latte"),
            Document(id: 2, title: "tea", body: "green tea, black tea"),
            Document(id: 9, title: "coffee", body: "café au lait and tea"),
        ]
        try engine.index(documents)
        try peer.index(documents)
        for query in ["cafe cafe", "tea", "tea cafe latte", "CAFÉ", "milk", "tea tea tea"] {
            for mode in SearchMode.allCases {
                let ours = try engine.search(query, k: 10, mode: mode)
                let theirs = try peer.search(query, k: 10, mode: mode)
                #expect(ours.map(\.id) == theirs.map(\.id), "\(query) \(mode)")
                for (a, b) in zip(ours, theirs) { #expect(abs(a.score - b.score) <= 1e-9 * abs(b.score), "\(query) \(mode)") }
            }
        }
    }
}
