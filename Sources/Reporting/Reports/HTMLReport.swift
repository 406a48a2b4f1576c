/// One self-contained HTML page: tables and inline SVG charts, no script, no network; opens from disk.
///
/// The markup is also well-formed XML (XHTML syntax), so it can be checked with any XML parser.
public enum HTMLReport {
    /// The whole page for `document`.
    public static func render(_ document: ReportDocument) -> String {
        let set = document.selection.set
        var body = "<h1>ScaleBench results: \(Markup.escape(set.label))\(subjectSuffix(set))</h1>"
        body += "<ul class=\"meta\">" + MarkdownReport.provenance(set).map { "<li>\(Markup.escape($0))</li>" }.joined()
        body += "<li>report generated \(Markup.escape(document.generatedAtUTC))</li></ul>"
        for note in document.notes { body += "<p class=\"note\">\(Markup.escape(note))</p>" }
        if set.suites.count > 1 {
            body += "<nav><ul>" + set.suites.map { "<li><a href=\"#\(anchor($0))\">\(Markup.escape($0))</a></li>" }.joined() + "</ul></nav>"
        }
        if let comparison = document.comparison { body += comparisonSection(comparison) }
        for suite in set.suites { body += suiteSection(suite, document: document) }
        if !document.history.points.isEmpty {
            body += "<section><h2>Commits in the history</h2>" + table(ReportTable.history(document.history)) + "</section>"
        }
        return page(title: "ScaleBench results \(set.label)", body: body)
    }

    static func suiteSection(_ suite: String, document: ReportDocument) -> String {
        let groups = document.selection.set.groups(inSuite: suite)
        var html = "<section id=\"\(anchor(suite))\"><h2>Suite \(Markup.escape(suite))</h2>"
        html += table(ReportTable.results(groups))
        html += "<h3>Latency by percentile</h3>"
        html += "<p class=\"hint\">Latency from each operation's intended start (coordinated omission corrected in open loop); dashed: service time. Percentile axis is logarithmic, like HdrHistogram's plotter.</p>"
        html += ReportCharts.latencyCharts(groups, suite: suite).map(figure).joined()
        if let parameter = ReportCharts.scalingParameter(groups, requested: document.options.scalingParameter) {
            html += "<h3>Throughput and p99 by \(Markup.escape(parameter))</h3><p class=\"hint\">Median of the repetitions; bars span min to max.</p>"
            html += figure(ReportCharts.scalingChart(groups, suite: suite, parameter: parameter, metric: .throughput))
            html += figure(ReportCharts.scalingChart(groups, suite: suite, parameter: parameter, metric: .latencyP99))
        } else {
            let wanted = document.options.scalingParameter.map { "'\($0)' has no numeric values here" } ?? "no parameter has two or more numeric values"
            html += "<p class=\"note\">No scaling chart: \(Markup.escape(wanted)).</p>"
        }
        let metric = document.options.historyMetric
        html += "<h3>\(Markup.escape(metric.displayName)) across commits</h3>"
        if document.history.points.count > 1 {
            html += "<p class=\"hint\">Along git ancestry, oldest first; hover a point for the commit subject.</p>"
            html += ReportCharts.historyCharts(document.history, suite: suite, metric: metric).map(figure).joined()
        } else {
            html += "<p class=\"note\">Only one commit with results so far; the history chart needs two.</p>"
        }
        return html + "</section>"
    }

    static func comparisonSection(_ comparison: ResultComparison) -> String {
        let verdictClass = comparison.decision == .regression ? "regressed" : "unchanged"
        var html = "<section id=\"comparison\"><h2>Compared with \(Markup.escape(comparison.base.label))\(subjectSuffix(comparison.base))</h2>"
        html += "<p class=\"\(verdictClass)\">\(Markup.escape(comparison.summaryLine))</p>"
        for note in comparison.notes { html += "<p class=\"note\">\(Markup.escape(note))</p>" }
        let changed = ReportTable.comparison(comparison, onlyChanged: true)
        if !changed.rows.isEmpty { html += "<h3>Changes beyond threshold and noise</h3>" + table(changed) }
        let all = ReportTable.comparison(comparison, onlyChanged: false)
        html += "<details><summary>All \(all.rows.count) metric comparisons</summary>" + table(all) + "</details>"
        let oneSided = comparison.onlyInBase.map { "only in base: \($0.description)" } + comparison.onlyInHead.map { "only in head: \($0.description)" }
        if !oneSided.isEmpty {
            html += "<ul class=\"one-sided\">" + oneSided.map { "<li>\(Markup.escape($0))</li>" }.joined() + "</ul>"
        }
        return html + "<p class=\"hint\">\(Markup.escape(comparison.methodLine))</p></section>"
    }

    static func figure(_ chart: LineChart) -> String {
        "<figure>" + chart.render() + "</figure>"
    }

    static func table(_ table: ReportTable) -> String {
        var html = "<table><thead><tr>" + table.header.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (index, row) in table.rows.enumerated() {
            let verdict = index < table.verdicts.count ? table.verdicts[index] : nil
            html += verdict.map { "<tr class=\"\($0.rawValue)\">" } ?? "<tr>"
            html += row.map { "<td>\(Markup.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    static func subjectSuffix(_ set: ResultSet) -> String {
        let subjects = Set(set.files.map(\.file.commitSubject))
        guard subjects.count == 1, let subject = subjects.first, !subject.isEmpty else { return "" }
        return " <span class=\"subject\">(\(Markup.escape(subject)))</span>"
    }

    static func anchor(_ suite: String) -> String {
        "suite-" + ResultStore.fileNameComponent(suite)
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(Markup.escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let stylesheet = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1100px; color: #222222; padding: 0 16px; }
        h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #dddddd; } h3 { margin-top: 1.5em; }
        .subject { color: #666666; font-weight: normal; }
        .meta { color: #444444; font-size: 0.9em; }
        .hint { color: #666666; font-size: 0.85em; }
        .note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 10px; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
        th, td { border: 1px solid #dddddd; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; }
        tr.regressed td, p.regressed { background: #fde8e8; }
        tr.improved td { background: #e6f6e6; }
        figure { margin: 12px 0; overflow-x: auto; }
        svg.chart text { font-family: system-ui, sans-serif; fill: #333333; }
        svg.chart .chart-title { font-size: 14px; font-weight: bold; }
        svg.chart .tick { font-size: 11px; }
        svg.chart .axis-label { font-size: 12px; }
        svg.chart .legend { font-size: 12px; }
        svg.chart .grid { stroke: #e4e4e4; stroke-width: 1; }
        """
}
