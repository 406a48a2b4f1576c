/// What `compare` decided overall; the CLI exits with `exitCode`.
public enum CompareDecision: Sendable, Hashable {
    /// Nothing regressed (exit 0).
    case noRegression
    /// At least one metric of one cell regressed (exit 2).
    case regression

    /// 0 or 2, as DESIGN.md's exit codes say.
    public var exitCode: Int32 {
        self == .regression ? 2 : 0
    }
}

/// One cell present on both sides, metric by metric.
public struct CellComparison: Sendable, Hashable {
    public var key: CellKey
    /// Metrics both sides measured, in the options' order.
    public var metrics: [MetricComparison]
    public var baseRepetitions: Int
    public var headRepetitions: Int

    /// The worst verdict: regressed over improved over unchanged.
    public var verdict: Verdict {
        if metrics.contains(where: { $0.verdict == .regressed }) { return .regressed }
        if metrics.contains(where: { $0.verdict == .improved }) { return .improved }
        return .unchanged
    }
}

/// Base against head: matched cells with verdicts, cells only one side has, and caveats.
public struct ResultComparison: Sendable {
    public var base: ResultSet
    public var head: ResultSet
    public var options: CompareOptions
    /// Cells on both sides, in head order.
    public var cells: [CellComparison]
    /// Cells only the base has: listed, never dropped silently.
    public var onlyInBase: [CellKey]
    /// Cells only the head has.
    public var onlyInHead: [CellKey]
    /// Caveats such as different machines or toolchains, one line each.
    public var notes: [String]

    /// Compares the sets cell by cell; throws `noCommonCells` when no configuration is on both sides.
    public init(base: ResultSet, head: ResultSet, options: CompareOptions = CompareOptions()) throws {
        try options.validate()
        // A knob added between the two runs: older cells ran at its default, recorded by the newer files.
        let defaults = ResultSet.parameterDefaults(of: head.files + base.files)
        let base = base.filling(defaults)
        let head = head.filling(defaults)
        self.base = base
        self.head = head
        self.options = options
        var cells: [CellComparison] = []
        var onlyInHead: [CellKey] = []
        for headGroup in head.groups {
            guard let baseGroup = base.group(for: headGroup.key) else {
                onlyInHead.append(headGroup.key)
                continue
            }
            // Design metrics the cell declared (hit ratio, msgs/op, oversells) are judged like latency.
            let declared = Metric.designMetrics(in: headGroup.results + baseGroup.results).filter { !options.metrics.contains($0) }
            let metrics = (options.metrics + declared).compactMap { metric -> MetricComparison? in
                guard let baseSpread = baseGroup.spread(metric), let headSpread = headGroup.spread(metric) else { return nil }
                return MetricComparison(metric: metric, base: baseSpread, head: headSpread, options: options)
            }
            cells.append(CellComparison(
                key: headGroup.key, metrics: metrics,
                baseRepetitions: baseGroup.results.count, headRepetitions: headGroup.results.count
            ))
        }
        guard !cells.isEmpty else { throw ReportingError.noCommonCells(base: base.label, head: head.label) }
        self.cells = cells
        self.onlyInHead = onlyInHead
        onlyInBase = base.groups.map(\.key).filter { head.group(for: $0) == nil }
        notes = Self.environmentNotes(base: base, head: head)
    }

    /// Every (cell, metric) that regressed.
    public var regressions: [(cell: CellKey, metric: MetricComparison)] {
        cells.flatMap { cell in cell.metrics.filter { $0.verdict == .regressed }.map { (cell.key, $0) } }
    }

    /// Every (cell, metric) that improved.
    public var improvements: [(cell: CellKey, metric: MetricComparison)] {
        cells.flatMap { cell in cell.metrics.filter { $0.verdict == .improved }.map { (cell.key, $0) } }
    }

    public var decision: CompareDecision {
        regressions.isEmpty ? .noRegression : .regression
    }

    /// `2 regressed, 1 improved, 30 unchanged (of 33 metric comparisons in 6 cells)`.
    public var summaryLine: String {
        let total = cells.reduce(0) { $0 + $1.metrics.count }
        let regressed = regressions.count
        let improved = improvements.count
        return "\(regressed) regressed, \(improved) improved, \(total - regressed - improved) unchanged (of \(total) metric comparisons in \(cells.count) cells)"
    }

    /// How noise is judged, for report footers.
    public var methodLine: String {
        let thresholds = options.metrics.map { "\($0.displayName) \(MetricFormat.setting(options.thresholdPercent(for: $0)))%" }
        return "Thresholds: " + thresholds.joined(separator: ", ")
            + ". Noise: Mann-Whitney U (two-sided, alpha \(MetricFormat.setting(options.alpha))) with at least "
            + "\(options.minimumRepetitionsForRankTest) repetitions per side, otherwise the min–max ranges must not overlap."
    }

    static func environmentNotes(base: ResultSet, head: ResultSet) -> [String] {
        var notes: [String] = []
        for (name, set) in [("base", base), ("head", head)] {
            if set.machines.count > 1 {
                notes.append("\(name) \(set.label) mixes results from \(set.machines.count) machines: " + set.machines.map(\.summary).joined(separator: "; "))
            }
        }
        if Set(base.machines) != Set(head.machines) {
            notes.append(
                "results come from different machines: base on " + base.machines.map(\.summary).joined(separator: "; ")
                    + ", head on " + head.machines.map(\.summary).joined(separator: "; ")
            )
        }
        if Set(base.toolchains) != Set(head.toolchains) {
            notes.append(
                "results come from different toolchains: base " + base.toolchains.map(\.summary).joined(separator: "; ")
                    + ", head " + head.toolchains.map(\.summary).joined(separator: "; ")
            )
        }
        return notes
    }
}
