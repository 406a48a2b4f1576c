import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Histogram
import Testing
@testable import Reporting

/// Counts elements and checks numeric SVG attributes while XMLParser walks a document.
final class MarkupAudit: NSObject, XMLParserDelegate {
    var elementCounts: [String: Int] = [:]
    var nonFiniteAttributes: [String] = []
    var svgTitles: [String] = []
    private var inSVGTitle = false
    private var depthInSVG = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elementCounts[name, default: 0] += 1
        if name == "svg" { depthInSVG += 1 }
        if depthInSVG > 0, name == "title" { inSVGTitle = true; svgTitles.append("") }
        for key in ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height"] {
            if let value = attributes[key], Double(value)?.isFinite != true { nonFiniteAttributes.append("\(name).\(key)=\(value)") }
        }
        if let points = attributes["points"], points.contains("nan") || points.contains("inf") { nonFiniteAttributes.append("points") }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "svg" { depthInSVG -= 1 }
        if name == "title" { inSVGTitle = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inSVGTitle, !svgTitles.isEmpty { svgTitles[svgTitles.count - 1] += string }
    }
}

@Suite("Reports: HTML+SVG, Markdown, CSV, hgrm")
struct ReportTests {
    /// Built once: histograms are slow to fill in debug builds, and under the thread sanitizer more so.
    static let sample: Result<ReportDocument, any Error> = Result { try buildSampleDocument() }

    static func sampleDocument() throws -> ReportDocument {
        try sample.get()
    }

    /// Two commits of a suite with a shards × impl sweep, two repetitions each, open-loop service times.
    static func buildSampleDocument() throws -> ReportDocument {
        func cells(slowdown: Double) -> [ResultCell] {
            var cells: [ResultCell] = []
            for impl in ["ring", "hash-mod"] {
                for shards in [1, 2, 4] {
                    for repetition in 0..<2 {
                        let base = UInt64(Double(1_000 * (impl == "ring" ? 1 : 2)) * slowdown)
                        let latencies = (0..<40).map { base + UInt64($0 * $0 * 20) + UInt64(repetition * 10) }
                        let result = Fixtures.runResult(
                            throughput: Double(shards) * 10_000 / slowdown + Double(repetition * 50), latencyNanos: latencies,
                            serviceTimeNanos: latencies.map { $0 / 2 }
                        )
                        cells.append(Fixtures.cell([("impl", impl), ("shards", String(shards)), ("note", "a<b & \"c\"")], repetition: repetition, result))
                    }
                }
            }
            return cells
        }
        let oldFile = Fixtures.file(commit: String(repeating: "1", count: 40), subject: "Old <design>", timestamp: "2025-01-01T00:00:00Z", cells: cells(slowdown: 1))
        let newFile = Fixtures.file(commit: String(repeating: "2", count: 40), subject: "Faster & better", timestamp: "2025-01-02T00:00:00Z", cells: cells(slowdown: 1.5))
        let old = Fixtures.stored(oldFile)
        let new = Fixtures.stored(newFile)
        let history = ResultHistory(points: [old, new].map { stored in
            HistoryPoint(
                commit: stored.file.commit, dirty: false, subject: stored.file.commitSubject,
                timestampUTC: stored.file.timestampUTC, set: ResultSet(label: stored.file.shortLabel, files: [stored])
            )
        })
        let selection = ResultSelection(revision: "HEAD", commit: newFile.commit, dirty: false, set: ResultSet(label: newFile.shortLabel, files: [new]), warnings: [])
        let comparison = try ResultComparison(base: ResultSet(label: oldFile.shortLabel, files: [old]), head: selection.set)
        return ReportDocument(selection: selection, history: history, comparison: comparison, generatedAtUTC: "2025-01-03T00:00:00Z")
    }

    @Test("the HTML report is well-formed XHTML with inline SVG charts and no non-finite coordinates")
    func htmlWellFormed() throws {
        let html = HTMLReport.render(try Self.sampleDocument())
        let parser = XMLParser(data: Data(html.utf8))
        let audit = MarkupAudit()
        parser.delegate = audit
        #expect(parser.parse(), "XML error: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
        // 6 configurations × (latency + service time) = 12 percentile curves → 2 charts of at most 8 lines,
        // then throughput and p99 by shards (2 lines each), then the history (6 lines).
        #expect(audit.elementCounts["svg"] == 2 + 2 + 1)
        #expect(audit.elementCounts["polyline"] == 12 + 4 + 6)
        #expect(audit.elementCounts["table"] == 4)
        #expect(audit.elementCounts["details"] == 1)
        #expect(audit.elementCounts["script"] == nil)
        #expect(audit.nonFiniteAttributes.isEmpty, "\(audit.nonFiniteAttributes.prefix(5))")
        #expect(audit.svgTitles.contains { $0.contains("latency by percentile") })
        #expect(audit.svgTitles.contains { $0.contains("throughput by shards") })
        #expect(audit.svgTitles.contains { $0.contains("across commits") })
        // Hover text names the commit subject (escaped in the source, intact after parsing).
        #expect(audit.svgTitles.contains { $0.contains("Faster & better") })
        // Self-contained: nothing loaded from elsewhere; the percentile axis is labelled like HdrHistogram's.
        #expect(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import"))
        #expect(html.contains(">90%</text>") && html.contains(">99%</text>"))
        try Self.writeSampleIfAsked(html)
    }

    /// `scripts/check-report-render.sh` sets this to get the sample report for a headless browser.
    static func writeSampleIfAsked(_ html: String) throws {
        guard let directory = ProcessInfo.processInfo.environment["SCALEBENCH_REPORT_SAMPLE_DIR"] else { return }
        try AtomicFile.write(Data(html.utf8), to: URL(fileURLWithPath: directory).appendingPathComponent("sample-report.html"))
    }

    @Test("chart legends: only varying parameters, service time named first, long names cut with the whole in the title")
    func chartLegends() {
        let keys = [
            CellKey(suite: "user", parameters: [CellParameter("impl", "ring"), CellParameter("shards", "1"), CellParameter("clients", "8")]),
            CellKey(suite: "user", parameters: [CellParameter("impl", "ring"), CellParameter("shards", "4"), CellParameter("clients", "8")]),
        ]
        #expect(ReportCharts.varyingLabels(keys) == [keys[0]: "shards=1", keys[1]: "shards=4"])
        #expect(ReportCharts.varyingLabels([keys[0]]) == [keys[0]: "all"])
        let long = String(repeating: "x", count: 200)
        let chart = LineChart(
            title: "t", xLabel: "percentile", yLabel: "latency", xScale: .percentile, yFormat: { "\($0)" },
            series: [
                ChartSeries(name: long, points: [ChartPoint(x: 50, y: 1), ChartPoint(x: 99.9999, y: 2)], colorIndex: 0),
                ChartSeries(name: "service time: " + long, points: [ChartPoint(x: 50, y: 1)], colorIndex: 0, dashed: true),
            ]
        ).render()
        #expect(chart.contains("<title>\(long)</title>"))
        #expect(chart.contains(">service time: xxx"))
        #expect(!chart.contains("</title>\(long)</text>"), "a 200-character legend must be cut to the chart's width")
        // The rightmost percentile tick ends at the plot edge instead of running off the chart.
        #expect(chart.contains("text-anchor=\"end\" class=\"tick\">99.9999%</text>"))
    }

    @Test("the scaling parameter: requested, else preferred and numeric; none when nothing is numeric")
    func scalingParameter() throws {
        let set = try Self.sampleDocument().selection.set
        #expect(ReportCharts.scalingParameter(set.groups, requested: nil) == "shards")
        #expect(ReportCharts.scalingParameter(set.groups, requested: "impl") == nil)
        let chart = ReportCharts.scalingChart(set.groups, suite: "user", parameter: "shards", metric: .throughput)
        #expect(chart.series.count == 2)
        #expect(chart.series.allSatisfy { $0.points.map(\.x) == [0, 1, 2] })
        // Min–max bars carry the repetitions' spread.
        #expect(chart.series[0].points.allSatisfy { ($0.high ?? 0) > ($0.low ?? 0) })
        #expect(LineChart.niceTicks(maximum: 7_300) == [0, 2_000, 4_000, 6_000, 8_000])
        #expect(LineChart.niceTicks(maximum: 0) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    }

    @Test("Markdown report: tables per suite with medians and spreads, the comparison, the history")
    func markdown() throws {
        let document = try Self.sampleDocument()
        let text = MarkdownReport.results(document)
        #expect(text.contains("## Suite `user`"))
        #expect(text.contains("| impl | shards | note | runs | throughput |"))
        #expect(text.contains("**Regression** against `1111111` (Old \\<design>)"))
        #expect(text.contains("## History"))
        let comparison = try #require(document.comparison)
        let pr = MarkdownReport.comparison(comparison)
        #expect(pr.contains("regressed"))
        #expect(pr.contains("Mann-Whitney U"))
        // Each table row has as many cells as the header (pipes inside values are escaped).
        for line in pr.split(separator: "\n") where line.hasPrefix("| ") {
            #expect(line.components(separatedBy: " | ").count == 8)
        }
    }

    @Test("CSV: one row per repetition, parameters as columns, quoting per RFC 4180")
    func csv() throws {
        let document = try Self.sampleDocument()
        let text = CSVReport.results(document.selection.set.files)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 12)
        #expect(lines[0].hasPrefix("commit,dirty,suite,timestamp_utc,file,repetition,param_impl,param_shards,param_note,throughput_ops_per_sec"))
        #expect(lines[0].hasSuffix("target_messagesPerOp"))
        #expect(lines[1].contains(",ring,1,\"a<b & \"\"c\"\"\","))
        #expect(CSVReport.field("plain") == "plain")
        #expect(CSVReport.field("a,b") == "\"a,b\"")
    }

    @Test(".hgrm files hold HdrHistogram's percentile distribution, in microseconds by default")
    func hgrm() throws {
        let set = Fixtures.set("x", cells: [
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 0, Fixtures.runResult(latencyNanos: [1_000, 2_000], serviceTimeNanos: [500])),
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 1, Fixtures.runResult(latencyNanos: [3_000, 4_000], serviceTimeNanos: [700])),
            Fixtures.cell([("impl", "a/b"), ("shards", "4")], Fixtures.runResult(latencyNanos: [9_000])),
        ])
        let files = HgrmExport.files(for: set)
        #expect(files.map(\.relativePath) == ["user/impl-ring_shards-4.hgrm", "user/impl-ring_shards-4.service.hgrm", "user/impl-a_b_shards-4.hgrm"])
        let latency = files[0].contents
        #expect(latency.hasPrefix("#[Value unit: microseconds (recorded in nanoseconds, divided by 1000)]\n       Value     Percentile TotalCount 1/(1-Percentile)"))
        // Repetitions merged: 4 values, the largest 4 µs (HdrHistogram reports its bucket's top, 4.001).
        #expect(latency.contains("#[Max     =        4.001, Total count    =            4]"))
        var expected = Histogram<UInt64>()
        for value: UInt64 in [1_000, 2_000, 3_000, 4_000] { _ = expected.record(value) }
        var reference = ""
        expected.outputPercentileDistribution(to: &reference, outputValueUnitScalingRatio: 1_000)
        #expect(latency == "#[Value unit: microseconds (recorded in nanoseconds, divided by 1000)]\n" + reference)
        let millis = HgrmExport.files(for: set, outputValueUnitScalingRatio: 1e6)
        #expect(millis[0].contents.contains("0.004"))
        #expect(millis[0].contents.hasPrefix("#[Value unit: milliseconds"))

        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try HgrmExport.write(files, to: temp.url)
        #expect(temp.allFiles() == ["user/impl-a_b_shards-4.hgrm", "user/impl-ring_shards-4.hgrm", "user/impl-ring_shards-4.service.hgrm"])
    }

    @Test("number formats scale units and never print nan")
    func formats() {
        #expect(MetricFormat.nanoseconds(950) == "950 ns")
        #expect(MetricFormat.nanoseconds(1_250_000) == "1.25 ms")
        #expect(MetricFormat.format(12_345, unit: .opsPerSecond) == "12.3k ops/s")
        #expect(MetricFormat.bytes(3 * 1024 * 1024) == "3.00 MiB")
        #expect(MetricFormat.percent(4.2) == "+4.20%")
        #expect(MetricFormat.percent(.infinity) == "+∞%")
        #expect(MetricFormat.number(.nan) == "n/a")
        #expect(MetricFormat.pValue(0.0001) == "<0.001")
        #expect(Markup.escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;")
        #expect(Markup.coordinate(.nan) == "0")
    }
}
