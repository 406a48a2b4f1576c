import Testing
import LoadGenerator
@testable import Reporting

@Suite("Comparison: cell matching, one-sided cells, caveats, decision")
struct ComparisonTests {
    @Test("cells match by full configuration in any parameter order; repetitions line up")
    func matching() throws {
        let base = Fixtures.set("base", cells: [
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 0, Fixtures.run(throughput: 1_000, p99Nanos: 5_000)),
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 1, Fixtures.run(throughput: 1_010, p99Nanos: 5_100)),
            Fixtures.cell([("impl", "ring"), ("shards", "8")], Fixtures.run(throughput: 2_000, p99Nanos: 5_000)),
        ])
        let head = Fixtures.set("head", cells: [
            Fixtures.cell([("shards", "4"), ("impl", "ring")], repetition: 0, Fixtures.run(throughput: 1_500, p99Nanos: 5_000)),
            Fixtures.cell([("shards", "4"), ("impl", "ring")], repetition: 1, Fixtures.run(throughput: 1_520, p99Nanos: 5_050)),
            Fixtures.cell([("impl", "ring"), ("shards", "8")], Fixtures.run(throughput: 2_000, p99Nanos: 5_000)),
        ])
        let comparison = try ResultComparison(base: base, head: head)
        #expect(comparison.cells.count == 2)
        let shards4 = try #require(comparison.cells.first { $0.key.value(of: "shards") == "4" })
        #expect(shards4.baseRepetitions == 2 && shards4.headRepetitions == 2)
        let throughput = try #require(shards4.metrics.first { $0.metric == .throughput })
        #expect(throughput.base.count == 2)
        #expect(throughput.verdict == .improved)
        #expect(comparison.onlyInBase.isEmpty && comparison.onlyInHead.isEmpty)
        #expect(comparison.decision == .noRegression)
        #expect(comparison.decision.exitCode == 0)
    }

    @Test("cells only one side has are listed, not dropped, and appear in every report")
    func oneSidedCells() throws {
        let base = Fixtures.set("base", cells: [
            Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1_000, p99Nanos: 5_000)),
            Fixtures.cell([("impl", "hash-mod")], Fixtures.run(throughput: 1_000, p99Nanos: 5_000)),
        ])
        let head = Fixtures.set("head", cells: [
            Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1_000, p99Nanos: 9_000)),
            Fixtures.cell([("impl", "range")], Fixtures.run(throughput: 1_000, p99Nanos: 5_000)),
        ])
        let comparison = try ResultComparison(base: base, head: head)
        #expect(comparison.onlyInBase.map(\.configurationLabel) == ["impl=hash-mod"])
        #expect(comparison.onlyInHead.map(\.configurationLabel) == ["impl=range"])
        #expect(comparison.decision == .regression)
        #expect(comparison.decision.exitCode == 2)
        #expect(comparison.regressions.map(\.metric.metric) == [.latencyP50, .latencyP99, .latencyP999])
        let markdown = MarkdownReport.comparison(comparison)
        #expect(markdown.contains("only in base: `user: impl=hash-mod`"))
        #expect(markdown.contains("only in head: `user: impl=range`"))
        #expect(markdown.contains("Regression found"))
        let csv = CSVReport.comparison(comparison)
        #expect(csv.contains("user,impl=hash-mod,") && csv.contains("only-in-base"))
        #expect(csv.contains("only-in-head"))
    }

    @Test("the same configuration in another suite is a different cell; no common cells is a one-line error")
    func noCommonCells() throws {
        let base = Fixtures.set("abc1234", cells: [Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1, p99Nanos: 1))], suite: "user")
        let head = Fixtures.set("def5678", cells: [Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1, p99Nanos: 1))], suite: "booking")
        let error = #expect(throws: ReportingError.self) { try ResultComparison(base: base, head: head) }
        #expect(error?.code == .noCommonCells)
        #expect(error?.description.contains("abc1234") == true && error?.description.contains("def5678") == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test("results from different machines or toolchains say so")
    func environmentNotes() throws {
        let cells = [Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1_000, p99Nanos: 5_000))]
        let same = try ResultComparison(base: Fixtures.set("b", cells: cells), head: Fixtures.set("h", cells: cells))
        #expect(same.notes.isEmpty)
        let debug = ToolchainInfo(swiftVersion: Fixtures.toolchain.swiftVersion, buildConfiguration: "debug")
        let different = try ResultComparison(
            base: Fixtures.set("b", cells: cells),
            head: Fixtures.set("h", cells: cells, machine: Fixtures.otherMachine, toolchain: debug)
        )
        #expect(different.notes.count == 2)
        #expect(different.notes.contains { $0.contains("different machines") && $0.contains("bench-b") })
        #expect(different.notes.contains { $0.contains("different toolchains") && $0.contains("debug") })
    }

    @Test("a metric missing on one side (memory without jemalloc) is skipped, the rest compared")
    func missingMetric() throws {
        let base = Fixtures.set("b", cells: [Fixtures.cell([("impl", "ring")], Fixtures.runResult(allocatedBytes: nil))])
        let head = Fixtures.set("h", cells: [Fixtures.cell([("impl", "ring")], Fixtures.runResult(allocatedBytes: 1 << 20))])
        let comparison = try ResultComparison(base: base, head: head)
        let metrics = try #require(comparison.cells.first).metrics.map(\.metric)
        #expect(!metrics.contains(.memoryAllocated))
        #expect(metrics.contains(.throughput) && metrics.contains(.errorCount))
    }

    @Test("declared design metrics are judged by their own polarity; undeclared or polarity-less ones are not")
    func designMetrics() throws {
        func run(hitRatio: Double, staleReads: Double) -> RunResult {
            var result = Fixtures.runResult()
            result.targetMetrics = ["hitRatio": hitRatio, "staleReads": staleReads, "undeclared": hitRatio]
            result.targetMetricDeclarations = [
                TargetMetric("hitRatio", label: "hit ratio", unit: .fraction, polarity: .prefersLarger),
                TargetMetric("staleReads", label: "stale reads", unit: .count, polarity: nil),
            ]
            return result
        }
        let base = Fixtures.set("b", cells: (0..<5).map { Fixtures.cell([("impl", "cache")], repetition: $0, run(hitRatio: 0.80 + Double($0) * 0.001, staleReads: 1)) })
        let head = Fixtures.set("h", cells: (0..<5).map { Fixtures.cell([("impl", "cache")], repetition: $0, run(hitRatio: 0.40 + Double($0) * 0.001, staleReads: 90)) })
        let comparison = try ResultComparison(base: base, head: head)
        let metrics = try #require(comparison.cells.first).metrics
        let hitRatio = try #require(metrics.first { $0.metric.rawValue == "hitRatio" })
        #expect(hitRatio.verdict == .regressed, "a hit ratio that halves is a regression: \(hitRatio.reason)")
        #expect(hitRatio.metric.format(0.5) == "50.0%")
        #expect(!metrics.contains { $0.metric.rawValue == "staleReads" || $0.metric.rawValue == "undeclared" })
        #expect(comparison.regressions.count == 1)
    }

    @Test("each metric reads the run's own figure (all operations together)")
    func metricValues() {
        let result = Fixtures.runResult(throughput: 1_234, latencyNanos: [1_000, 2_000, 3_000, 50_000], errors: 3, allocatedBytes: 1 << 20)
        #expect(Metric.throughput.value(in: result) == 1_234)
        #expect(Metric.latencyP50.value(in: result) == Double(result.overall.latency.p50Nanos))
        #expect(Metric.latencyP99.value(in: result) == Double(result.overall.latency.p99Nanos))
        #expect(Metric.latencyP999.value(in: result) == Double(result.overall.latency.p999Nanos))
        #expect((Metric.latencyP99.value(in: result) ?? 0) > (Metric.latencyP50.value(in: result) ?? 0))
        #expect(Metric.errorCount.value(in: result) == 3)
        #expect(Metric.memoryAllocated.value(in: result) == 1_048_576)
        #expect(Metric.memoryAllocated.value(in: Fixtures.runResult(allocatedBytes: nil)) == nil)
        #expect(Metric.allCases.filter { $0.polarity == .prefersLarger } == [.throughput])
    }
}

@Suite("Reporting micro-benchmark")
struct ReportingBenchmarkTests {
    @Test("the benchmark runs on a tiny store and reports its rows")
    func smallRun() throws {
        let report = try ReportingBenchmarks.run(fileCount: 2, cellsPerFile: 2)
        #expect(report.rows.count == 7)
        #expect(report.rows.allSatisfy { $0.value.isFinite && $0.value >= 0 })
        #expect(report.verdict != nil)
    }
}
