import Testing
@testable import SearchEngine
import ScaleCore

@Suite struct TokenizerTests {
    @Test func foldsCaseAndDiacriticsLikeUnicode61() {
        let tokenizer = Unicode61Tokenizer()
        #expect(tokenizer.tokens(of: "Crème BRÛLÉE, naïve café!") == ["creme", "brulee", "naive", "cafe"])
        #expect(tokenizer.tokens(of: "e\u{301}te\u{301}") == ["ete"])
        #expect(tokenizer.tokens(of: "snake_case a-b x.y") == ["snake", "case", "a", "b", "x", "y"])
        #expect(tokenizer.tokens(of: "") == [])
        #expect(tokenizer.tokens(of: " \t\n ,;") == [])
        #expect(tokenizer.tokens(of: "a\u{0}b") == ["a", "b"])
        #expect(tokenizer.tokens(of: "ΑΘΉΝΑ Straße 東京") == ["αθήνα", "straße", "東京"])
    }
}

/// The tokenizer against FTS5's own: random mixed-script strings, tokens read back through fts5vocab.
@Suite struct TokenizerOracleTests {
    static let pools: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0xA0...0x17F, 0x180...0x24F, 0x300...0x36F, 0x370...0x3FF, 0x400...0x4FF, 0x590...0x6FF,
        0x900...0x97F, 0x1E00...0x1EFF, 0x2000...0x206F, 0x3040...0x30FF, 0x4E00...0x4E80, 0xAC00...0xAC40,
        0xE000...0xE010, 0xFF00...0xFFEF, 0x1_0400...0x1_044F, 0x1_F600...0x1_F64F, 0x2_0000...0x2_0010, 0xE_0000...0xE_0080,
    ]

    static func randomText(_ generator: inout SplitMix64) -> String {
        let length = 1 + Int(generator.next() % 14)
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let pool = pools[Int(generator.next() % UInt64(pools.count))]
            let value = pool.lowerBound + UInt32(generator.next() % UInt64(pool.upperBound - pool.lowerBound + 1))
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            if generator.next() % 4 == 0 { scalars.append(" ") }
        }
        return String(scalars)
    }

    @Test func tokensEqualFTS5OnMixedScripts() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        try database.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61'); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');")
        var generator = SplitMix64(state: 11)
        let texts = (0..<2000).map { _ in Self.randomText(&generator) }
        let insert = try database.prepare("INSERT INTO t(rowid, x) VALUES (?1, ?2)")
        for (index, text) in texts.enumerated() {
            insert.bind(Int64(index + 1), at: 1)
            insert.bind(text, at: 2)
            try insert.run()
        }
        var expected = [[String]](repeating: [], count: texts.count)
        var offsets = [[Int64]](repeating: [], count: texts.count)
        let select = try database.prepare("SELECT doc, offset, term FROM v ORDER BY doc, offset")
        while try select.step() {
            let doc = Int(select.int64(0)) - 1
            expected[doc].append(select.text(2))
            offsets[doc].append(select.int64(1))
        }
        let tokenizer = Unicode61Tokenizer()
        var mismatches: [String] = []
        for (index, text) in texts.enumerated() where tokenizer.tokens(of: text) != expected[index] {
            mismatches.append("\(text.unicodeScalars.map { String($0.value, radix: 16) }): ours \(tokenizer.tokens(of: text)) FTS5 \(expected[index])")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }
}
