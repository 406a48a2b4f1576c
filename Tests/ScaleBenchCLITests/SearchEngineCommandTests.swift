import Foundation
import Testing

@Suite("search-engine: bad options exit 64 with a one-line message naming the problem")
struct SearchEngineCommandTests {
    static let cases: [([String], String)] = [
        (["search-engine", "--docs", "0"], "--docs"),
        (["search-engine", "--docs", "11M"], "10M"),
        (["search-engine", "--docs", "lots"], "lots"),
        (["search-engine", "--queries", "0"], "--queries"),
        (["search-engine", "--queries", "2M"], "1M"),
        (["search-engine", "--query-mode", "or,xor"], "xor"),
        (["search-engine", "--query-mode", ""], "or, and"),
        (["search-engine", "--threads", "0"], "1...64"),
        (["search-engine", "--threads", "1,65"], "65"),
        (["search-engine", "--corpus", "/nonexistent/corpus.jsonl"], "/nonexistent/corpus.jsonl"),
        (["search-engine", "--docs", "10", "--query-file", "/nonexistent/queries.txt"], "/nonexistent/queries.txt"),
    ]

    @Test(arguments: cases)
    func badOptionExits64(arguments: [String], fragment: String) async {
        let outcome = await CLI.run(arguments)
        #expect(outcome.exitCode == 64, "\(arguments): \(outcome)")
        #expect(outcome.message.contains(fragment), "\(arguments): \(outcome)")
        #expect(!outcome.message.contains("\n"), "\(arguments): \(outcome)")
    }

    @Test func corpusWithOnlyBadLinesIsAUsageError() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("bad.jsonl").path
        try Data("{\"id\": -1}\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        let outcome = await CLI.run(["search-engine", "--corpus", path])
        #expect(outcome.exitCode == 64)
        #expect(outcome.message.contains("no usable documents"))
    }
}
