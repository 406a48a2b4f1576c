import Foundation
import Histogram
import LoadGenerator
import ScaleSupport

/// Speed of the results pipeline (`scalebench micro reporting`): reading a store, comparing, rendering.
public enum ReportingBenchmarks {
    /// Writes `fileCount` result files of `cellsPerFile` cells into a temp folder, then times reading them
    /// against a floor (the same bytes read and parsed by `JSONSerialization`), a comparison, and the reports.
    public static func run(fileCount: Int = 20, cellsPerFile: Int = 24) throws -> MicroBenchmarkReport {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scalebench-micro-reporting-\(getpid())", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = ResultStore(root: root)
        var generator = SeededGenerator(seed: 1)
        for index in 0..<fileCount {
            let cells = (0..<cellsPerFile).map { cell in
                ResultCell(
                    configuration: [("impl", cell % 2 == 0 ? "ring" : "hash-mod"), ("shards", String(1 << (cell / 2 % 4))), ("clients", String(cell / 8))],
                    repetition: 0, result: sampleResult(&generator)
                )
            }
            let file = ResultFile(
                suite: "bench", revision: RevisionInfo(commit: String(repeating: index % 2 == 0 ? "a" : "b", count: 40), dirty: false, subject: "micro"),
                timestampUTC: String(format: "2025-01-01T00:%02d:%02dZ", index / 60, index % 60),
                machine: MachineInfo.current(), toolchain: ToolchainInfo(swiftVersion: "micro", buildConfiguration: "release"),
                seed: 1, cells: cells
            )
            try store.write(file)
        }
        let urls = ReleaseBuildExecutor.resultFiles(under: root)
        let totalBytes = urls.reduce(0) { $0 + ((try? Data(contentsOf: $1).count) ?? 0) }

        var floorNanos = UInt64.max
        var scanNanos = UInt64.max
        var metricsOnlyNanos = UInt64.max
        var scan = ResultScan()
        // Best of three: the figures are about the code, not a cold page cache.
        for _ in 0..<3 {
            let floorStart = MonotonicClock.nowNanos()
            for url in urls { _ = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) }
            floorNanos = min(floorNanos, MonotonicClock.nowNanos() &- floorStart)
            let scanStart = MonotonicClock.nowNanos()
            scan = store.scan()
            scanNanos = min(scanNanos, MonotonicClock.nowNanos() &- scanStart)
            let metricsOnlyStart = MonotonicClock.nowNanos()
            _ = store.scan(detail: .metricsOnly)
            metricsOnlyNanos = min(metricsOnlyNanos, MonotonicClock.nowNanos() &- metricsOnlyStart)
        }
        let base = ResultSet(label: "a", files: scan.results.filter { $0.file.commit.hasPrefix("a") })
        let head = ResultSet(label: "b", files: scan.results.filter { $0.file.commit.hasPrefix("b") })

        let compareStart = MonotonicClock.nowNanos()
        let comparison = try ResultComparison(base: base, head: head)
        let compareNanos = MonotonicClock.nowNanos() &- compareStart

        let selection = ResultSelection(revision: "b", commit: String(repeating: "b", count: 40), dirty: false, set: head, warnings: [])
        let document = ReportDocument(selection: selection, history: ResultHistory(points: []), comparison: comparison)
        let htmlStart = MonotonicClock.nowNanos()
        let html = HTMLReport.render(document)
        let htmlNanos = MonotonicClock.nowNanos() &- htmlStart

        let megabytes = Double(totalBytes) / 1_048_576
        let ratio = Double(scanNanos) / Double(max(1, floorNanos))
        return MicroBenchmarkReport(
            title: "Reporting: \(fileCount) result files × \(cellsPerFile) cells (\(MetricFormat.number(megabytes)) MiB)",
            rows: [
                MicroBenchmarkRow(name: "read + JSONSerialization (floor)", value: Double(floorNanos) / 1e6, unit: "ms", detail: "untyped parse of the same bytes"),
                MicroBenchmarkRow(name: "ResultStore.scan", value: Double(scanNanos) / 1e6, unit: "ms", detail: "typed decode with schema check"),
                MicroBenchmarkRow(name: "scan / floor", value: ratio, unit: "ratio"),
                MicroBenchmarkRow(
                    name: "ResultStore.scan(detail: .metricsOnly)", value: Double(metricsOnlyNanos) / 1e6, unit: "ms",
                    detail: "\(MetricFormat.number(Double(scanNanos) / Double(max(1, metricsOnlyNanos))))× faster than full; listings, compare, history"
                ),
                MicroBenchmarkRow(name: "scan throughput", value: megabytes / (Double(scanNanos) / 1e9), unit: "MiB/s"),
                MicroBenchmarkRow(name: "compare \(comparison.cells.count) cells × \(fileCount / 2) runs", value: Double(compareNanos) / 1e6, unit: "ms", detail: "Mann-Whitney per metric"),
                MicroBenchmarkRow(name: "HTML report", value: Double(htmlNanos) / 1e6, unit: "ms", detail: "\(html.utf8.count / 1024) KiB with inline SVG"),
            ],
            verdict: "typed load costs \(MetricFormat.number(ratio))× an untyped JSON parse of the same files"
        )
    }

    /// A run with 5,000 latencies over three decades, like a real cell's histogram.
    static func sampleResult(_ generator: inout SeededGenerator) -> RunResult {
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        for _ in 0..<5_000 {
            _ = histogram.record(UInt64(1_000 * pow(1_000, generator.nextUnitDouble())))
        }
        let stats = OperationStats(
            count: 5_000, errorsByKind: [:], throughputOpsPerSec: 10_000 + 1_000 * generator.nextUnitDouble(),
            latency: LatencySummary(histogram), serviceTime: nil, latencyHistogram: EncodedHistogram(histogram), serviceTimeHistogram: nil
        )
        return RunResult(
            configuration: RunConfiguration(workload: Workload(mix: .single("get"), keyCount: 1_000, seed: 1)),
            elapsedNanos: 500_000_000, overall: stats, operations: ["get": stats], timeline: [],
            memory: MemoryStats(allocatedBytes: 1 << 20, residentBytes: nil), scheduleLag: nil, targetMetrics: [:]
        )
    }
}
