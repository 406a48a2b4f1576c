/// Markdown for pull requests and terminals.
public enum MarkdownReport {
    /// A comparison: summary, caveats, regressions and improvements, every cell in a collapsed block,
    /// cells only one side has, and the thresholds used.
    public static func comparison(_ comparison: ResultComparison) -> String {
        var text = "## ScaleBench compare: base \(sideTitle(comparison.base)) → head \(sideTitle(comparison.head))\n\n"
        let outcome = comparison.decision == .regression ? "**Regression found** (exit 2)" : "**No regression** (exit 0)"
        text += "\(outcome): \(comparison.summaryLine).\n\n"
        for note in comparison.notes { text += "> ⚠️ \(escape(note))\n\n" }
        let changed = ReportTable.comparison(comparison, onlyChanged: true)
        if !changed.rows.isEmpty {
            text += "### Changes beyond threshold and noise\n\n" + table(changed) + "\n"
        }
        text += "<details><summary>All \(comparison.cells.count) matched cells</summary>\n\n"
        text += table(ReportTable.comparison(comparison, onlyChanged: false)) + "\n</details>\n\n"
        if !comparison.onlyInBase.isEmpty || !comparison.onlyInHead.isEmpty {
            text += "### Cells on one side only\n\n"
            for key in comparison.onlyInBase { text += "- only in base: `\(escape(key.description))`\n" }
            for key in comparison.onlyInHead { text += "- only in head: `\(escape(key.description))`\n" }
            text += "\n"
        }
        text += "_\(comparison.methodLine)_\n"
        return text
    }

    /// A report: which results, a comparison when there is one, tables per suite, the commit history.
    public static func results(_ document: ReportDocument) -> String {
        let set = document.selection.set
        var text = "# ScaleBench results: \(sideTitle(set))\n\n"
        text += provenance(set).map { "- \($0)\n" }.joined() + "\n"
        for note in document.notes { text += "> \(escape(note))\n\n" }
        if let comparison = document.comparison {
            text += comparison.decision == .regression ? "**Regression** against " : "No regression against "
            text += "\(sideTitle(comparison.base)): \(comparison.summaryLine).\n\n"
            let changed = ReportTable.comparison(comparison, onlyChanged: true)
            if !changed.rows.isEmpty { text += table(changed) + "\n" }
        }
        for suite in set.suites {
            text += "## Suite `\(escape(suite))`\n\n" + table(ReportTable.results(set.groups(inSuite: suite))) + "\n"
        }
        if !document.history.points.isEmpty {
            text += "## History\n\n" + table(ReportTable.history(document.history))
        }
        return text
    }

    /// `` `abc1234` (Add ring sharding) ``.
    static func sideTitle(_ set: ResultSet) -> String {
        let subjects = Set(set.files.map(\.file.commitSubject))
        let subject = subjects.count == 1 ? subjects.first ?? "" : ""
        return "`\(set.label)`" + (subject.isEmpty ? "" : " (\(escape(subject)))")
    }

    /// Date, machine, toolchain and seed lines for a set's files.
    static func provenance(_ set: ResultSet) -> [String] {
        let dates = set.files.map(\.file.timestampUTC).sorted()
        var lines = ["run at \(dates.first ?? "?")" + (dates.count > 1 ? " to \(dates.last ?? "?")" : "") + " (UTC)"]
        lines += set.machines.map { "machine: \($0.summary)" }
        lines += set.toolchains.map { "toolchain: \($0.summary)" }
        lines.append("seeds: " + Set(set.files.map(\.file.seed)).sorted().map(String.init).joined(separator: ", "))
        return lines
    }

    static func table(_ table: ReportTable) -> String {
        var text = "| " + table.header.map(escape).joined(separator: " | ") + " |\n"
        text += "|" + table.header.map { _ in "---|" }.joined() + "\n"
        for row in table.rows {
            text += "| " + row.map(escape).joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Keeps table cells intact and literal: pipes and `<` escaped (no stray HTML tags), newlines flattened.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "\\<")
            .replacingOccurrences(of: "\n", with: " ")
    }
}
