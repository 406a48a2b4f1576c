import ScaleCore
import Testing
@testable import SearchEngine

@Suite struct BenchmarkTests {
    @Test func benchmarkRunsBothSystemsOnTheSameQueriesAndAgrees() throws {
        let corpus = SyntheticCorpus(shape: .init(documentCount: 300, vocabularySize: 500, medianBodyWords: 20), seed: 5)
        let configuration = SearchBenchmark.Configuration(
            documents: corpus.documents(0..<300), queries: QueryGenerator.queries(for: corpus, count: 12, seed: 6),
            modes: [.or, .and], threadCounts: [1, 2], minimumEngineNanos: 0
        )
        let report = try SearchBenchmark.run(configuration) { _ in }
        #expect(report.documentCount == 300)
        #expect(report.modes.map(\.mode) == [.or, .and])
        for mode in report.modes {
            #expect(mode.agreement.untiedQueries > 0)
            #expect(mode.agreement.agreementRate == 1, "\(mode.agreement.disagreements)")
            #expect(mode.engine.map(\.threads) == [1, 2])
            #expect(mode.documentsScoredPerQuery <= mode.documentsMatchedPerQuery)
        }
    }
}

/// Searches on other threads while the writer indexes, deletes and merges: every answer is a
/// well-formed top k of documents that were indexed (run under TSan by `make test-tsan`).
@Suite struct ConcurrencyTests {
    @Test func searchesRunBesideWritesAndMerges() throws {
        let engine = SearchEngine(options: .init(maxBufferedDocuments: 150))
        let documents = smallCorpus.documents(0..<600)
        let known = Set(documents.map(\.id))
        try engine.index(Array(documents[0..<150]))
        let problems = Locked<[String]>([])
        let done = Locked(false)
        let queries = smallQueries
        let searchers = Locked(0)
        BenchmarkThreads.run(count: 3) { thread in
            if thread == 0 {
                do {
                    for start in stride(from: 150, to: 600, by: 150) {
                        try engine.index(Array(documents[start..<(start + 150)]))
                        for document in documents[(start - 150)..<start] where document.id % 3 == 0 { try engine.delete(id: document.id) }
                        if start == 450 { try engine.merge() }
                    }
                } catch {
                    problems.withLock { $0.append("writer: \(error)") }
                }
                // Both searchers must complete a pass before they may stop, so neither ends without searching.
                while searchers.value < 2 {}
                done.withLock { $0 = true }
                return
            }
            var passes = 0
            while !done.value || passes == 0 {
                for query in queries {
                    do {
                        let hits = try engine.search(query, k: 10, mode: thread == 1 ? .or : .and)
                        let ordered = zip(hits, hits.dropFirst()).allSatisfy { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
                        if hits.count > 10 || !ordered || !hits.allSatisfy({ known.contains($0.id) }) {
                            problems.withLock { $0.append("thread \(thread) '\(query)': \(hits)") }
                        }
                    } catch {
                        problems.withLock { $0.append("thread \(thread): \(error)") }
                    }
                }
                passes += 1
                if passes == 1 { searchers.withLock { $0 += 1 } }
            }
        }
        #expect(problems.value == [])
        #expect(engine.documentCount == 600 - documents[0..<450].filter { $0.id % 3 == 0 }.count)
    }
}
