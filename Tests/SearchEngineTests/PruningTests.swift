import Testing
@testable import SearchEngine

/// MaxScore and block-max AND return exactly what scoring every match returns, and score fewer documents.
@Suite struct PruningTests {
    @Test(arguments: SearchMode.allCases, [true, false])
    func prunedEqualsExhaustive(mode: SearchMode, scrambledIds: Bool) throws {
        // Ascending ids also exercise the exact single-term bounds that skip blocks tying the k-th score.
        let corpus = SyntheticCorpus(shape: .init(documentCount: 2000, vocabularySize: 1500, medianBodyWords: 30, scrambledIds: scrambledIds), seed: 21)
        let engine = SearchEngine(options: .init(maxBufferedDocuments: 700))
        try engine.index(corpus.documents(0..<2000))
        engine.refresh()
        #expect(engine.segmentCount == 3)
        var prunedScored = 0
        var exhaustiveScored = 0
        let vocabulary = corpus.vocabulary
        for query in QueryGenerator.queries(for: corpus, count: 40, seed: 5) + vocabulary.prefix(8) + vocabulary.prefix(3).map({ "\($0) \($0)" }) {
            for k in [1, 10] {
                let pruned = try engine.searchCounting(query, k: k, mode: mode, strategy: .pruned)
                let exhaustive = try engine.searchCounting(query, k: k, mode: mode, strategy: .exhaustive)
                #expect(pruned.hits == exhaustive.hits, "\(mode) k=\(k) '\(query)'")
                prunedScored += pruned.documentsScored
                exhaustiveScored += exhaustive.documentsScored
            }
        }
        // OR prunes most candidates; AND only skips blocks whose summed bounds cannot reach the k-th score.
        let limit = mode == .or ? exhaustiveScored / 2 : exhaustiveScored
        #expect(prunedScored < limit, "pruned \(prunedScored) vs exhaustive \(exhaustiveScored)")
    }
}
