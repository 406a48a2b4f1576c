import ScaleSupport

/// The engine against SQLite FTS5 on the same corpus and queries in one run: build rate, index
/// bytes, queries/s and latency per mode and thread count, documents scored, and oracle agreement.
public enum SearchBenchmark {
    /// What to run.
    public struct Configuration: Sendable {
        /// The corpus both systems index.
        public var documents: [Document]
        /// The queries both systems answer, in order.
        public var queries: [String]
        /// Query modes to run, each its own cell.
        public var modes: [SearchMode]
        /// Engine thread counts to time (FTS5 runs on one).
        public var threadCounts: [Int]
        /// Hits per query.
        public var k: Int
        /// Wall time the engine's timed passes should last at least (it repeats the query list).
        public var minimumEngineNanos: UInt64
        /// Reads the allocator's counters, when the binary has one that counts (jemalloc); nil: no memory figures.
        public var memoryProbe: MemoryProbe?

        /// A run over `documents` and `queries`.
        public init(documents: [Document], queries: [String], modes: [SearchMode], threadCounts: [Int], k: Int = 10, minimumEngineNanos: UInt64 = 1_000_000_000) {
            self.documents = documents
            self.queries = queries
            self.modes = modes
            self.threadCounts = threadCounts
            self.k = k
            self.minimumEngineNanos = minimumEngineNanos
        }
    }

    /// The allocator's counters, read by the caller's allocator (the engine links none).
    public struct MemoryProbe: Sendable {
        /// Bytes allocated and live in the whole process, and bytes resident.
        public var process: @Sendable () -> (allocatedBytes: UInt64?, residentBytes: UInt64?)
        /// Bytes the calling thread has allocated so far (a running total).
        public var threadAllocatedBytes: @Sendable () -> UInt64?

        public init(
            process: @escaping @Sendable () -> (allocatedBytes: UInt64?, residentBytes: UInt64?),
            threadAllocatedBytes: @escaping @Sendable () -> UInt64?
        ) {
            self.process = process
            self.threadAllocatedBytes = threadAllocatedBytes
        }
    }

    /// What the engine holds in memory and allocates while it answers.
    public struct MemoryFigures: Sendable {
        /// Live heap bytes the built index added.
        public var indexHeapBytes: UInt64?
        /// The process's resident bytes once the index is built.
        public var residentBytes: UInt64?
        /// Per mode: bytes allocated per query, and per document scored, on one thread.
        public var allocatedPerQuery: [(mode: SearchMode, bytesPerQuery: Double, bytesPerScoredDocument: Double)]
    }

    /// Index build figures of one system.
    public struct BuildFigures: Sendable {
        /// Documents indexed per second of wall time.
        public var documentsPerSecond: Double
        /// Documents indexed per second of the building thread's CPU time (steadier on a busy machine).
        public var documentsPerCPUSecond: Double
        /// Bytes of the index (the engine: in memory; FTS5: its database pages).
        public var indexBytes: Int
        /// `indexBytes` per document.
        public var bytesPerDocument: Double
        /// The engine's bytes by part (nil for FTS5).
        public var parts: IndexBytes?
    }

    /// One mode's figures.
    public struct ModeFigures: Sendable {
        /// The query mode.
        public var mode: SearchMode
        /// FTS5 on one thread.
        public var fts5: LatencySummary
        /// The engine per thread count, in the configuration's order.
        public var engine: [(threads: Int, summary: LatencySummary)]
        /// Mean documents the engine scored per query (with pruning).
        public var documentsScoredPerQuery: Double
        /// Mean documents matching per query (what exhaustive scoring visits).
        public var documentsMatchedPerQuery: Double
        /// Top-10 agreement with FTS5 on untied queries.
        public var agreement: OracleComparison.Report
        /// The engine's slowest queries in the counting pass, slowest first.
        public var slowest: [SlowQuery]
    }

    /// One slow engine query and the work it did.
    public struct SlowQuery: Sendable {
        public var query: String
        public var latencyNanos: UInt64
        public var documentsScored: Int
        public var documentsMatched: Int
    }

    /// The whole run.
    public struct Report: Sendable {
        /// Documents indexed.
        public var documentCount: Int
        /// Queries per mode.
        public var queryCount: Int
        /// The engine's build figures.
        public var engineBuild: BuildFigures
        /// FTS5's build figures.
        public var fts5Build: BuildFigures
        /// Per mode, in the configuration's order.
        public var modes: [ModeFigures]
        /// Memory figures, when the caller gave a probe.
        public var memory: MemoryFigures?
    }

    /// Runs the benchmark; `progress` gets one line per phase.
    public static func run(_ configuration: Configuration, progress: (String) -> Void) throws -> Report {
        let documents = configuration.documents
        progress("building the engine over \(documents.count) documents")
        let heapBefore = configuration.memoryProbe?.process().allocatedBytes
        let engine = SearchEngine()
        let engineStart = MonotonicClock.nowNanos()
        let engineCPUStart = ThreadCPUClock.nowNanos()
        var start = 0
        while start < documents.count {
            let end = min(documents.count, start + 10_000)
            try engine.index(Array(documents[start..<end]))
            start = end
        }
        engine.refresh()
        let afterBuild = configuration.memoryProbe?.process()
        let engineBuildNanos = MonotonicClock.elapsedNanos(from: engineStart, to: MonotonicClock.nowNanos())
        let engineBuildCPUNanos = MonotonicClock.elapsedNanos(from: engineCPUStart, to: ThreadCPUClock.nowNanos())
        progress("building FTS5 over the same documents")
        let peer = try FTS5Peer(storesContent: false)
        let peerStart = MonotonicClock.nowNanos()
        let peerCPUStart = ThreadCPUClock.nowNanos()
        try peer.index(documents)
        let peerBuildNanos = MonotonicClock.elapsedNanos(from: peerStart, to: MonotonicClock.nowNanos())
        let peerBuildCPUNanos = MonotonicClock.elapsedNanos(from: peerCPUStart, to: ThreadCPUClock.nowNanos())
        let count = Double(max(1, documents.count))
        let engineBytes = engine.indexBytes
        let peerBytes = try peer.byteCount()
        var modes: [ModeFigures] = []
        for mode in configuration.modes {
            modes.append(try runMode(mode, engine: engine, peer: peer, configuration: configuration, progress: progress))
        }
        var memory: MemoryFigures?
        if let probe = configuration.memoryProbe {
            let perQuery = try modes.map { figures in
                let bytes = try allocatedPerQuery(engine, queries: configuration.queries, k: configuration.k, mode: figures.mode, probe: probe)
                return (figures.mode, bytes, bytes / max(1, figures.documentsScoredPerQuery))
            }
            memory = MemoryFigures(
                indexHeapBytes: heapBefore.flatMap { before in afterBuild?.allocatedBytes.map { $0 > before ? $0 - before : 0 } },
                residentBytes: afterBuild?.residentBytes, allocatedPerQuery: perQuery
            )
        }
        return Report(
            documentCount: documents.count, queryCount: configuration.queries.count,
            engineBuild: BuildFigures(
                documentsPerSecond: count * 1e9 / Double(max(1, engineBuildNanos)),
                documentsPerCPUSecond: count * 1e9 / Double(max(1, engineBuildCPUNanos)),
                indexBytes: engineBytes.total, bytesPerDocument: Double(engineBytes.total) / count, parts: engineBytes
            ),
            fts5Build: BuildFigures(
                documentsPerSecond: count * 1e9 / Double(max(1, peerBuildNanos)),
                documentsPerCPUSecond: count * 1e9 / Double(max(1, peerBuildCPUNanos)),
                indexBytes: peerBytes, bytesPerDocument: Double(peerBytes) / count, parts: nil
            ),
            modes: modes, memory: memory
        )
    }

    /// Bytes one thread allocates per query over a pass of `queries` (after a warm pass).
    private static func allocatedPerQuery(_ engine: SearchEngine, queries: [String], k: Int, mode: SearchMode, probe: MemoryProbe) throws -> Double {
        for query in queries { _ = try engine.search(query, k: k, mode: mode) }
        guard let before = probe.threadAllocatedBytes() else { return .nan }
        for query in queries { _ = try engine.search(query, k: k, mode: mode) }
        guard let after = probe.threadAllocatedBytes() else { return .nan }
        return Double(after &- before) / Double(max(1, queries.count))
    }

    private static func runMode(
        _ mode: SearchMode, engine: SearchEngine, peer: FTS5Peer, configuration: Configuration, progress: (String) -> Void
    ) throws -> ModeFigures {
        let queries = configuration.queries
        let k = configuration.k
        progress("\(mode): FTS5, \(queries.count) queries")
        var peerLatencies: [UInt64] = []
        var peerResults: [[SearchHit]] = []
        let peerStart = MonotonicClock.nowNanos()
        let peerCPUStart = ThreadCPUClock.nowNanos()
        for query in queries {
            let begin = MonotonicClock.nowNanos()
            peerResults.append(try peer.search(query, k: k + 1, mode: mode))
            peerLatencies.append(MonotonicClock.elapsedNanos(from: begin, to: MonotonicClock.nowNanos()))
        }
        let fts5 = LatencySummary(
            latencies: peerLatencies, elapsedNanos: MonotonicClock.elapsedNanos(from: peerStart, to: MonotonicClock.nowNanos()),
            cpuNanos: MonotonicClock.elapsedNanos(from: peerCPUStart, to: ThreadCPUClock.nowNanos())
        )
        var ours: [[SearchHit]] = []
        var scored = 0
        var matched = 0
        var slowest: [SlowQuery] = []
        for query in queries {
            let begin = MonotonicClock.nowNanos()
            let result = try engine.searchCounting(query, k: k, mode: mode)
            let latency = MonotonicClock.elapsedNanos(from: begin, to: MonotonicClock.nowNanos())
            let matches = try engine.searchCounting(query, k: k, mode: mode, strategy: .exhaustive).documentsScored
            ours.append(result.hits)
            scored += result.documentsScored
            matched += matches
            slowest.append(SlowQuery(query: query, latencyNanos: latency, documentsScored: result.documentsScored, documentsMatched: matches))
            slowest = Array(slowest.sorted { $0.latencyNanos > $1.latencyNanos }.prefix(3))
        }
        var timings: [(Int, LatencySummary)] = []
        for threads in configuration.threadCounts {
            progress("\(mode): engine on \(threads) thread(s)")
            timings.append((threads, try timeEngine(engine, queries: queries, k: k, mode: mode, threads: threads, minimumNanos: configuration.minimumEngineNanos)))
        }
        return ModeFigures(
            mode: mode, fts5: fts5, engine: timings,
            documentsScoredPerQuery: Double(scored) / Double(max(1, queries.count)),
            documentsMatchedPerQuery: Double(matched) / Double(max(1, queries.count)),
            agreement: OracleComparison.compare(ours: ours, theirs: peerResults, queries: queries, mode: mode, k: k),
            slowest: slowest
        )
    }

    private static func timeEngine(_ engine: SearchEngine, queries: [String], k: Int, mode: SearchMode, threads: Int, minimumNanos: UInt64) throws -> LatencySummary {
        guard !queries.isEmpty else { return LatencySummary(latencies: [], elapsedNanos: 0, cpuNanos: 0) }
        // One untimed pass warms caches and branch predictors.
        for query in queries { _ = try engine.search(query, k: k, mode: mode) }
        let perThread = Locked<[[UInt64]]>([])
        let cpuNanos = Locked<UInt64>(0)
        let failures = Locked(0)
        let start = MonotonicClock.nowNanos()
        BenchmarkThreads.run(count: threads) { thread in
            var latencies: [UInt64] = []
            var index = thread * 7919
            let threadStart = MonotonicClock.nowNanos()
            let cpuStart = ThreadCPUClock.nowNanos()
            while latencies.count < queries.count || MonotonicClock.elapsedNanos(from: threadStart, to: MonotonicClock.nowNanos()) < minimumNanos {
                let begin = MonotonicClock.nowNanos()
                do { _ = try engine.search(queries[index % queries.count], k: k, mode: mode) } catch { failures.withLock { $0 += 1 } }
                latencies.append(MonotonicClock.elapsedNanos(from: begin, to: MonotonicClock.nowNanos()))
                index += 1
            }
            let finished = latencies
            let used = MonotonicClock.elapsedNanos(from: cpuStart, to: ThreadCPUClock.nowNanos())
            perThread.withLock { $0.append(finished) }
            cpuNanos.withLock { $0 += used }
        }
        let elapsed = MonotonicClock.elapsedNanos(from: start, to: MonotonicClock.nowNanos())
        if failures.value > 0 { throw SearchEngineError(.storage, "\(failures.value) benchmark queries failed") }
        return LatencySummary(latencies: perThread.value.flatMap { $0 }, elapsedNanos: elapsed, cpuNanos: cpuNanos.value)
    }
}
