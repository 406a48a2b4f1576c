import Testing
@testable import SearchEngine

/// The issue's bad-input list: every case gets a clear outcome, never a crash.
@Suite struct BadInputTests {
    static func engineAndPeer() throws -> (SearchEngine, FTS5Peer) {
        let engine = SearchEngine()
        let peer = try FTS5Peer()
        let documents = smallCorpus.documents(0..<200) + [Document(id: 1 << 40, title: "select drop", body: "table docs where\u{0}nul")]
        try engine.index(documents)
        try peer.index(documents)
        return (engine, peer)
    }

    @Test func emptyAndSeparatorOnlyQueriesReturnNothing() throws {
        let (engine, peer) = try Self.engineAndPeer()
        for query in ["", "   ", "\t\n", "!!! --- ,,,", "\u{0}"] {
            #expect(try engine.search(query).isEmpty)
            #expect(try peer.search(query, k: 10, mode: .or).isEmpty)
        }
    }

    @Test func hugeQueriesAreRefusedWithTheLimit() throws {
        let (engine, _) = try Self.engineAndPeer()
        let query = Array(repeating: "word", count: 10_000).joined(separator: " ")
        let error = try #require(throws: SearchEngineError.self) { try engine.search(query) }
        #expect(error.code == .tooManyQueryTerms)
        #expect(error.message.contains("10000") && error.message.contains("\(SearchEngine.maxQueryTerms)"))
        #expect(throws: SearchEngineError.self) { try engine.search("word", k: 0) }
    }

    @Test func quotesAndSQLInQueriesReachNeitherSQLNorFTS5Syntax() throws {
        let (engine, peer) = try Self.engineAndPeer()
        for query in ["\"; DROP TABLE docs; --", "select' OR '1'='1", "table\" OR \"docs", "NEAR(select drop)", "docs* AND NOT where", "nul\u{0}table"] {
            for mode in SearchMode.allCases {
                let ours = try engine.search(query, mode: mode)
                let theirs = try peer.search(query, k: 10, mode: mode)
                #expect(ours.map(\.id) == theirs.map(\.id), "\(query) \(mode)")
            }
        }
        #expect(try engine.search("select drop", mode: .and).map(\.id) == [1 << 40])
        #expect(try peer.search("select", k: 10, mode: .or).count == 1)
    }
}

@Suite struct CorpusLoaderTests {
    @Test func badLinesAreReportedWithTheirNumberAndSkipped() throws {
        var bytes: [UInt8] = []
        let lines: [[UInt8]] = [
            Array(#"{"id": 1, "title": "one", "body": "first body"}"#.utf8),
            Array("".utf8),
            Array(#"{"id": 2, "title": "two""#.utf8),
            [0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x33, 0x2C, 0x22, 0x62, 0x6F, 0x64, 0x79, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D],
            Array(#"{"id": -4, "body": "negative"}"#.utf8),
            Array(#"{"id": 1, "body": "duplicate"}"#.utf8),
            Array(#"{"id": 5, "body": 7}"#.utf8),
            Array("{\"id\": 6, \"body\": \"nul \u{0} inside\"}".utf8),
            Array(#"{"title": "no id"}"#.utf8),
            Array(#"{"id": 7.5, "body": "fraction"}"#.utf8),
            Array(#"{"id": 8, "body": "café ok"}"#.utf8) + [0x0D],
        ]
        for line in lines { bytes += line + [0x0A] }
        let loaded = CorpusLoader.parse(bytes, format: .jsonLines)
        #expect(loaded.documents.map(\.id) == [1, 8])
        #expect(loaded.documents.last?.body == "café ok")
        #expect(loaded.problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 10])
        #expect(loaded.problems.first { $0.line == 4 }?.reason.contains("UTF-8") == true)
        #expect(loaded.problems.first { $0.line == 6 }?.reason.contains("duplicate") == true)
        #expect(loaded.problems.first { $0.line == 8 }?.reason.contains("NUL") == true)
    }

    @Test func plainTextUsesLineNumbersAsIds() {
        let loaded = CorpusLoader.parse(Array("alpha beta\n\n  \ngamma\n".utf8) + [0xC3, 0x0A], format: .plainText)
        #expect(loaded.documents.map(\.id) == [1, 4])
        #expect(loaded.documents.map(\.body) == ["alpha beta", "gamma"])
        #expect(loaded.problems.map(\.line) == [5])
    }
}
