import Testing
@testable import SearchEngine
import Foundation

/// Deletes, replacements and merges keep the engine equal to FTS5 (which drops deleted rows from its statistics).
@Suite struct SegmentTests {
    @Test func deletesReplacementsAndMergesStayEqualToFTS5() throws {
        let engine = SearchEngine(options: .init(maxBufferedDocuments: 300))
        let peer = try FTS5Peer()
        let documents = smallCorpus.documents(0..<900)
        try engine.index(documents)
        try peer.index(documents)
        for document in documents where document.id % 5 == 0 {
            #expect(try engine.delete(id: document.id))
            try peer.delete(id: document.id)
        }
        #expect(try engine.delete(id: documents[5].id) == (documents[5].id % 5 != 0))
        try peer.delete(id: documents[5].id)
        #expect(try engine.delete(id: 1 << 62 + 12345) == false)
        let replacements = documents.filter { $0.id % 7 == 1 }.map { Document(id: $0.id, title: "replaced", body: $0.body + " extra words") }
        try engine.index(replacements)
        for document in replacements { try peer.delete(id: document.id) }
        try peer.index(replacements)
        var live = Set(documents.map(\.id)).filter { $0 % 5 != 0 }
        if documents[5].id % 5 != 0 { live.remove(documents[5].id) }
        live.formUnion(replacements.map(\.id))
        #expect(engine.documentCount == live.count)
        for mode in SearchMode.allCases {
            let report = try OracleComparison.compare(engine: engine, peer: peer, queries: smallQueries + ["replaced extra"], mode: mode)
            #expect(report.disagreements == [])
        }
        let before = try allResults(engine, smallQueries)
        #expect(engine.segmentCount > 1)
        try engine.merge()
        #expect(engine.segmentCount == 1)
        #expect(try allResults(engine, smallQueries) == before)
    }

    @Test func globalStatisticsFromShardsScoreLikeOneIndex() throws {
        let documents = smallCorpus.documents(0..<900)
        let whole = SearchEngine()
        try whole.index(documents)
        let shards = [SearchEngine(), SearchEngine()]
        for document in documents { try shards[Int(document.id % 2)].index(document) }
        for query in smallQueries.prefix(15) {
            let global = CollectionStatistics.sum(try shards.map { try $0.localStatistics(forQuery: query) })
            let merged = try shards.flatMap { try $0.search(query, k: 10, statistics: global) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(10)
            let expected = try whole.search(query, k: 10)
            #expect(merged.map(\.id) == expected.map(\.id), "\(query)")
            for (a, b) in zip(merged, expected) { #expect(abs(a.score - b.score) <= 1e-9 * b.score) }
        }
    }
}

/// Persistence: reopen without re-indexing, crashes during commit and merge lose no acknowledged document, damaged files are named.
@Suite struct PersistenceTests {
    @Test func reopensFromSegmentsAndReplaysTheLog() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("index.sqlite")
        var engine: SearchEngine? = try SearchEngine(path: path)
        try engine?.index(smallCorpus.documents(0..<600))
        try engine?.commit()
        try engine?.delete(id: smallCorpus.id(at: 3))
        // Acknowledged but never committed: only in the log.
        try engine?.index(smallCorpus.documents(600..<900))
        let before = try allResults(engine!, smallQueries)
        engine = nil
        let reopened = try SearchEngine(path: path)
        #expect(reopened.documentCount == 899)
        #expect(try allResults(reopened, smallQueries) == before)
        try reopened.commit()
        #expect(try reopened.writer.withLock { try $0.store!.loadLog() }.isEmpty)
    }

    @Test(arguments: [SearchEngine.CrashPoint.commitAfterSegmentsWritten, .mergeAfterSegmentWritten])
    func crashLosesNoAcknowledgedDocument(at point: SearchEngine.CrashPoint) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("index.sqlite")
        var engine: SearchEngine? = try SearchEngine(path: path, options: .init(maxBufferedDocuments: 250, crashPoint: point))
        if point == .mergeAfterSegmentWritten {
            for start in stride(from: 0, to: 600, by: 200) {
                try engine?.index(smallCorpus.documents(start..<(start + 200)))
                try engine?.commit()
            }
            try engine?.delete(id: smallCorpus.id(at: 10))
            try engine?.index(smallCorpus.documents(600..<900))
        } else {
            try engine?.index(smallCorpus.documents(0..<900))
            try engine?.delete(id: smallCorpus.id(at: 10))
        }
        let before = try allResults(engine!, smallQueries)
        #expect(throws: SearchEngineError.self) { try point == .mergeAfterSegmentWritten ? engine?.merge() : engine?.commit() }
        engine = nil
        let reopened = try SearchEngine(path: path)
        #expect(reopened.documentCount == 899)
        #expect(try allResults(reopened, smallQueries) == before)
        try reopened.merge()
        #expect(reopened.segmentCount == 1)
        #expect(try allResults(reopened, smallQueries) == before)
    }

    @Test func truncatedFileIsNamedNotTrusted() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try committedIndex(in: folder, documents: 900)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let error = try #require(throws: SearchEngineError.self) { _ = try SearchEngine(path: path) }
        #expect(error.code == .corruptIndex)
        #expect(error.message.contains(path))
    }

    @Test func damagedSegmentBlobIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try committedIndex(in: folder, documents: 100)
        let database = try SQLiteDatabase(path: path)
        try database.execute("UPDATE se_segments SET data = substr(data, 1, length(data) - 100)")
        let error = try #require(throws: SearchEngineError.self) { _ = try SearchEngine(path: path) }
        #expect(error.code == .corruptIndex)
        #expect(error.message.contains("segment 1"))
    }

    /// An index file in `folder` holding the first `documents` of the small corpus, committed and closed.
    private func committedIndex(in folder: TemporaryFolder, documents: Int) throws -> String {
        let path = folder.file("index.sqlite")
        let engine = try SearchEngine(path: path)
        try engine.index(smallCorpus.documents(0..<documents))
        try engine.commit()
        return path
    }
}

/// A search after every index (a refresh each time) keeps the segment count bounded and the results unchanged.
@Suite struct RefreshMergeTests {
    @Test func tinyRefreshedSegmentsAreMergedAutomatically() throws {
        let documents = smallCorpus.documents(0..<300)
        let refreshed = SearchEngine()
        for (index, document) in documents.enumerated() {
            try refreshed.index(document)
            if index % 3 == 0 { try refreshed.delete(id: documents[index / 2].id) }
            _ = try refreshed.search(smallQueries[index % smallQueries.count])
            #expect(refreshed.segmentCount <= WriterState.maxUnpersistedSegments)
        }
        let single = SearchEngine()
        try single.index(documents)
        for index in stride(from: 0, to: documents.count, by: 3) { try single.delete(id: documents[index / 2].id) }
        #expect(refreshed.documentCount == single.documentCount)
        #expect(try allResults(refreshed, smallQueries) == allResults(single, smallQueries))
    }
}
