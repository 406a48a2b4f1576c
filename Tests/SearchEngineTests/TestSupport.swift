import Foundation
@testable import SearchEngine

/// A fresh temporary folder per test, removed by `cleanUp()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("search-engine-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// Every query's top 10 in both modes: what must survive a reopen, crash or merge unchanged.
func allResults(_ engine: SearchEngine, _ queries: [String]) throws -> [[SearchHit]] {
    try SearchMode.allCases.flatMap { mode in try queries.map { try engine.search($0, k: 10, mode: mode) } }
}

let smallCorpus = SyntheticCorpus(shape: .init(documentCount: 900, vocabularySize: 900, medianBodyWords: 25, scrambledIds: true), seed: 99)
let smallQueries = QueryGenerator.queries(for: smallCorpus, count: 40, seed: 4)
