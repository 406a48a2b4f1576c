import Reporting

/// A comparison for the terminal: one row per cell with each metric's change, then the changes in detail.
enum CompareText {
    static func render(_ comparison: ResultComparison) -> String {
        var lines = [
            "compare: base \(side(comparison.base)) → head \(side(comparison.head))",
            comparison.summaryLine,
        ]
        lines += comparison.notes.map { "note: \($0)" }
        lines.append("")
        lines.append(overview(comparison))
        for (title, changes) in [("Regressed", comparison.regressions), ("Improved", comparison.improvements)] where !changes.isEmpty {
            lines.append("")
            lines.append("\(title):")
            lines += changes.map { "  \($0.cell.description): \(detail($0.metric))" }
        }
        let oneSided = comparison.onlyInBase.map { "  only in base: \($0.description)" } + comparison.onlyInHead.map { "  only in head: \($0.description)" }
        if !oneSided.isEmpty {
            lines.append("")
            lines.append("Cells on one side only (not compared):")
            lines += oneSided
        }
        lines.append("")
        lines.append(comparison.methodLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Suite, configuration and runs, then one change column per metric both sides measured.
    static func overview(_ comparison: ResultComparison) -> String {
        let metrics = comparison.options.metrics.filter { metric in
            comparison.cells.contains { cell in cell.metrics.contains { $0.metric == metric } }
        }
        var table = TextTable(
            headers: ["suite", "configuration", "runs"] + metrics.map(\.displayName),
            alignments: [.left, .left, .right] + metrics.map { _ in .right }
        )
        for cell in comparison.cells {
            let changes = metrics.map { metric in cell.metrics.first { $0.metric == metric }.map(change) ?? "" }
            table.append([cell.key.suite, cell.key.configurationLabel, "\(cell.baseRepetitions)/\(cell.headRepetitions)"] + changes)
        }
        return table.render()
    }

    /// `-50.0% worse`, `+3.1%` (within threshold or noise), `+22.0% better`.
    static func change(_ metric: MetricComparison) -> String {
        let percent = MetricFormat.percent(metric.changePercent)
        switch metric.verdict {
        case .regressed: return percent + " worse"
        case .improved: return percent + " better"
        case .unchanged: return percent
        }
    }

    /// `throughput 1000 ops/s → 500 ops/s (-50.0%; beyond 5% threshold, ranges apart)`.
    static func detail(_ metric: MetricComparison) -> String {
        let name = metric.metric.displayName
        return "\(name) \(spread(metric.base, metric.metric)) → \(spread(metric.head, metric.metric)) (\(MetricFormat.percent(metric.changePercent)); \(metric.reason))"
    }

    /// The median, with the min–max range when the runs differ.
    static func spread(_ spread: Spread, _ metric: Metric) -> String {
        guard spread.count > 1, spread.min != spread.max else { return metric.format(spread.median) }
        return "\(metric.format(spread.median)) [\(metric.format(spread.min))–\(metric.format(spread.max))]"
    }

    /// `abc1234 (Add ring sharding)`: the label and the commit subject when all files share one.
    static func side(_ set: ResultSet) -> String {
        let subjects = Set(set.files.map(\.file.commitSubject))
        guard subjects.count == 1, let subject = subjects.first, !subject.isEmpty else { return set.label }
        return "\(set.label) (\(subject))"
    }
}
