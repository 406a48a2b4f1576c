import Reporting
import SearchEngine

/// The search-engine benchmark as terminal tables.
enum SearchEngineReportRenderer {
    static func render(_ report: SearchBenchmark.Report) -> String {
        var build = TextTable(headers: ["build", "docs/s", "docs/CPU-s", "index bytes", "bytes/doc"])
        build.append(["engine", Format.rate(report.engineBuild.documentsPerSecond), Format.rate(report.engineBuild.documentsPerCPUSecond), Format.threeDigits(Double(report.engineBuild.indexBytes)), Format.fixed(report.engineBuild.bytesPerDocument, decimals: 0)])
        build.append(["FTS5 (contentless)", Format.rate(report.fts5Build.documentsPerSecond), Format.rate(report.fts5Build.documentsPerCPUSecond), Format.threeDigits(Double(report.fts5Build.indexBytes)), Format.fixed(report.fts5Build.bytesPerDocument, decimals: 0)])
        var queries = TextTable(headers: ["mode", "system", "threads", "queries/s", "q/CPU-s", "p50", "p99", "× FTS5", "× FTS5 CPU", "agreement", "scored/query", "matched/query"])
        for mode in report.modes {
            queries.append([mode.mode.rawValue, "FTS5", "1", Format.rate(mode.fts5.queriesPerSecond), Format.rate(mode.fts5.queriesPerCPUSecond), Format.nanos(mode.fts5.latencyNanosP50), Format.nanos(mode.fts5.latencyNanosP99), "1", "1", "", "", ""])
            for (threads, summary) in mode.engine {
                let ratio = mode.fts5.queriesPerSecond > 0 ? summary.queriesPerSecond / mode.fts5.queriesPerSecond : 0
                let cpuRatio = mode.fts5.queriesPerCPUSecond > 0 ? summary.queriesPerCPUSecond / mode.fts5.queriesPerCPUSecond : 0
                let agreement = "\(Format.fixed(mode.agreement.agreementRate * 100, decimals: 1)) % of \(mode.agreement.untiedQueries)"
                queries.append([
                    mode.mode.rawValue, "engine", "\(threads)", Format.rate(summary.queriesPerSecond), Format.rate(summary.queriesPerCPUSecond), Format.nanos(summary.latencyNanosP50),
                    Format.nanos(summary.latencyNanosP99), Format.fixed(ratio, decimals: 1), Format.fixed(cpuRatio, decimals: 1), agreement,
                    Format.fixed(mode.documentsScoredPerQuery, decimals: 0), Format.fixed(mode.documentsMatchedPerQuery, decimals: 0),
                ])
            }
        }
        var partsLine = ""
        if let parts = report.engineBuild.parts {
            let perDocument = { (bytes: Int) in Format.fixed(Double(bytes) / Double(max(1, report.documentCount)), decimals: 0) }
            partsLine = "\nengine bytes/doc by part: postings+skips+impacts \(perDocument(parts.postings)), dictionary \(perDocument(parts.dictionary)), "
                + "ids+lengths \(perDocument(parts.documents)), forward lists (exact deletes, merges) \(perDocument(parts.forwardLists)), id map \(perDocument(parts.idMap))"
        }
        var text = "q/CPU-s: queries per second of CPU time the query threads got; equal across thread counts means no contention.\n\n== build\n" + build.render() + partsLine + memoryLines(report) + "\n\n== top-10 queries\n" + queries.render()
        for mode in report.modes {
            let slow = mode.slowest.map { "'\($0.query)' \(Format.nanos($0.latencyNanos)) (scored \($0.documentsScored) of \($0.documentsMatched))" }
            if !slow.isEmpty { text += "\nslowest \(mode.mode.rawValue) queries: " + slow.joined(separator: "; ") }
        }
        for mode in report.modes {
            for line in mode.agreement.disagreements { text += "\ndisagreement: " + line }
        }
        return text
    }

    /// The index's heap and the process's resident bytes, and what a query allocates (jemalloc).
    static func memoryLines(_ report: SearchBenchmark.Report) -> String {
        guard let memory = report.memory else { return "" }
        var parts: [String] = []
        if let heap = memory.indexHeapBytes { parts.append("index heap \(MetricFormat.bytes(Double(heap)))") }
        if let resident = memory.residentBytes { parts.append("process resident \(MetricFormat.bytes(Double(resident)))") }
        for entry in memory.allocatedPerQuery where entry.bytesPerQuery.isFinite {
            parts.append("\(entry.mode.rawValue) query allocates \(Format.fixed(entry.bytesPerQuery, decimals: 0)) B (\(Format.fixed(entry.bytesPerScoredDocument, decimals: 3)) B per document scored)")
        }
        return parts.isEmpty ? "" : "\nmemory (jemalloc): " + parts.joined(separator: "; ")
    }
}
