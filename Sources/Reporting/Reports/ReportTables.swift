/// Table contents shared by the Markdown and HTML renderers, so both show the same numbers.
struct ReportTable {
    var header: [String]
    var rows: [[String]]
    /// Per row, the verdict it shows (for colouring); nil for plain rows.
    var verdicts: [Verdict?] = []

    /// One row per configuration of a suite: its parameters as columns, then each metric's median (min–max).
    static func results(_ groups: [CellGroup], metrics: [Metric] = Metric.allCases) -> ReportTable {
        var names: [String] = []
        for group in groups { for parameter in group.key.parameters where !names.contains(parameter.name) { names.append(parameter.name) } }
        let shownMetrics = metrics.filter { metric in groups.contains { $0.spread(metric) != nil } }
        let rows = groups.map { group in
            names.map { group.key.value(of: $0) ?? "" } + [String(group.results.count)]
                + shownMetrics.map { metric in group.spread(metric).map { SpreadFormat.compact($0, metric: metric) } ?? "" }
        }
        return ReportTable(header: names + ["runs"] + shownMetrics.map(\.displayName), rows: rows)
    }

    /// One row per compared metric; `onlyChanged` keeps regressions and improvements.
    static func comparison(_ comparison: ResultComparison, onlyChanged: Bool) -> ReportTable {
        var table = ReportTable(header: ["suite", "configuration", "metric", "base", "head", "change", "verdict", "evidence"], rows: [])
        for cell in comparison.cells {
            for metric in cell.metrics where !onlyChanged || metric.verdict != .unchanged {
                table.rows.append([
                    cell.key.suite, cell.key.configurationLabel, metric.metric.displayName,
                    SpreadFormat.text(metric.base, metric: metric.metric), SpreadFormat.text(metric.head, metric: metric.metric),
                    MetricFormat.percent(metric.changePercent), metric.verdict.rawValue, metric.reason,
                ])
                table.verdicts.append(metric.verdict)
            }
        }
        return table
    }

    /// The commits of a history, newest last.
    static func history(_ history: ResultHistory) -> ReportTable {
        ReportTable(
            header: ["#", "commit", "date (UTC)", "suites", "subject"],
            rows: history.points.enumerated().map { index, point in
                [String(index + 1), point.label, point.timestampUTC, point.set.suites.joined(separator: ", "), point.subject]
            }
        )
    }
}
