import ArgumentParser
import LoadGenerator
import Reporting
import SearchEngine

/// `scalebench search-engine`: the single-shard search engine against SQLite FTS5 on the same
/// corpus and queries, in one run (use a release build).
struct SearchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search-engine",
        abstract: "Benchmark the SearchEngine against SQLite FTS5 (its oracle) in the same run.",
        discussion: """
        Prints queries/s and p50/p99 for both, the engine's ratio to FTS5, the oracle agreement on
        queries whose top-10 boundary is not tied, documents scored per query, build rate and index bytes.

        Examples:
          scalebench search-engine --docs 100k --query-mode or,and
          scalebench search-engine --docs 10k --queries 50 --threads 1,2 --seed 7
          scalebench search-engine --corpus docs.jsonl --query-file queries.txt
        """
    )

    static let maxThreads = 64

    @Option(help: "Synthetic documents, 1...10M (e.g. 10k, 100k, 1M). Ignored with --corpus.")
    var docs = "100k"

    @Option(name: .customLong("query-mode"), help: "Comma list of or, and.")
    var queryMode = "or,and"

    @Option(help: "Queries per mode, 1...1M (FTS5 answers each once; the engine repeats them for at least a second).")
    var queries = "200"

    @Option(help: "Comma list of engine thread counts, each 1...64 (FTS5 runs on one thread).")
    var threads = "1"

    @Option(help: "Seed of the synthetic corpus and queries.")
    var seed: UInt64 = 1

    @Option(help: "A corpus file: JSON Lines ({\"id\":…,\"title\":…,\"body\":…}) or one plain-text document per line.")
    var corpus: String?

    @Option(name: .customLong("query-file"), help: "Queries, one per line (else drawn from the corpus's term distribution).")
    var queryFile: String?

    func validate() throws {
        _ = try parsed()
    }

    func run() throws {
        #if DEBUG
        Terminal.printError("warning: this is a debug build; figures are only meaningful from `swift build -c release`")
        #endif
        let options = try parsed()
        let (documents, queryList, source) = try loadInputs(options)
        print("search-engine: \(documents.count) documents (\(source)), \(queryList.count) queries, seed \(seed)")
        var configuration = SearchBenchmark.Configuration(
            documents: documents, queries: queryList, modes: options.modes, threadCounts: options.threadCounts
        )
        // jemalloc is the bench binary's allocator: it counts what the index holds and each query allocates.
        configuration.memoryProbe = SearchBenchmark.MemoryProbe(
            process: { let stats = JemallocStats.current(); return (stats.allocatedBytes, stats.residentBytes) },
            threadAllocatedBytes: { JemallocStats.threadAllocatedCounter()?.pointee }
        )
        let report = try SearchBenchmark.run(configuration) { Terminal.printError("  \($0)") }
        print(SearchEngineReportRenderer.render(report))
    }

    struct Parsed {
        var documentCount: Int
        var modes: [SearchMode]
        var queryCount: Int
        var threadCounts: [Int]
    }

    func parsed() throws -> Parsed {
        let documentCount = try count(docs, option: "--docs")
        guard documentCount <= UInt64(SyntheticCorpus.maxDocuments) else {
            throw ValidationError("--docs \(docs) is above the limit of 10M; use a smaller corpus")
        }
        let queryCount = try count(queries, option: "--queries")
        guard queryCount <= UInt64(QueryGenerator.maxQueries) else {
            throw ValidationError("--queries \(queries) is above the limit of 1M; ask for fewer")
        }
        let modes = try queryMode.split(separator: ",", omittingEmptySubsequences: false).map { name in
            guard let mode = SearchMode(rawValue: String(name)) else {
                throw ValidationError("--query-mode '\(queryMode)' has '\(name)'; use a comma list of or, and")
            }
            return mode
        }
        let threadCounts = try threads.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let count = Int(text), (1...Self.maxThreads).contains(count) else {
                throw ValidationError("--threads '\(threads)' has '\(text)'; use a comma list of counts in 1...\(Self.maxThreads)")
            }
            return count
        }
        return Parsed(documentCount: Int(documentCount), modes: modes, queryCount: Int(queryCount), threadCounts: threadCounts)
    }

    private func count(_ text: String, option: String) throws -> UInt64 {
        do { return try ParameterParsing.count(text) } catch { throw ValidationError("\(option): \(error)") }
    }

    private func loadInputs(_ options: Parsed) throws -> ([Document], [String], String) {
        var documents: [Document]
        var source: String
        var synthetic: SyntheticCorpus?
        if let corpus {
            let loaded = try usage { try CorpusLoader.load(path: corpus) }
            report(loaded.problems, file: corpus)
            guard !loaded.documents.isEmpty else { throw ValidationError("--corpus '\(corpus)' has no usable documents; see the lines reported above") }
            documents = loaded.documents
            source = corpus
        } else {
            let generated = SyntheticCorpus(shape: .init(documentCount: options.documentCount), seed: seed)
            documents = generated.documents(0..<options.documentCount)
            synthetic = generated
            source = "synthetic, Zipf terms, median \(generated.shape.medianBodyWords) words"
        }
        var queryList: [String]
        if let queryFile {
            let loaded = try usage { try CorpusLoader.loadQueries(path: queryFile, limit: options.queryCount) }
            report(loaded.problems, file: queryFile)
            queryList = loaded.queries
        } else {
            let generator = synthetic ?? SyntheticCorpus(shape: .init(documentCount: 1, vocabularySize: 1000), seed: seed)
            queryList = synthetic != nil
                ? QueryGenerator.queries(for: generator, count: options.queryCount, seed: seed)
                : QueryGenerator.queries(from: documents, count: options.queryCount, seed: seed)
        }
        guard !queryList.isEmpty else { throw ValidationError("no usable queries; give a --query-file with at least one non-blank line") }
        return (documents, queryList, source)
    }

    private func usage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SearchEngineError { throw ValidationError(error.message) }
    }

    private func report(_ problems: [CorpusLoader.Problem], file: String) {
        for problem in problems.prefix(20) { Terminal.printError("warning: \(file) \(problem) (skipped)") }
        if problems.count > 20 { Terminal.printError("warning: \(file): \(problems.count - 20) more bad lines skipped") }
    }
}
