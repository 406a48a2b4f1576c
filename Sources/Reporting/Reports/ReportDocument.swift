import Foundation

/// What `scalebench report` renders: one revision's results, their history, and optionally a comparison.
public struct ReportOptions: Sendable, Hashable {
    /// Numeric parameter for the throughput and p99 charts (`shards`, `clients`, `replicas`); nil picks one.
    public var scalingParameter: String?
    /// The metric charted across commits.
    public var historyMetric: Metric
    /// How many commits back the history goes.
    public var historyCommitLimit: Int
    /// Compare with this revision; nil compares with the default base when one has results.
    public var baseRevision: String?
    /// Thresholds and noise rules of the comparison section.
    public var compareOptions: CompareOptions

    public init(
        scalingParameter: String? = nil,
        historyMetric: Metric = .latencyP99,
        historyCommitLimit: Int = 50,
        baseRevision: String? = nil,
        compareOptions: CompareOptions = CompareOptions()
    ) {
        self.scalingParameter = scalingParameter
        self.historyMetric = historyMetric
        self.historyCommitLimit = historyCommitLimit
        self.baseRevision = baseRevision
        self.compareOptions = compareOptions
    }
}

/// Everything a report shows, gathered once and rendered by `MarkdownReport`, `HTMLReport`, `CSVReport`.
public struct ReportDocument: Sendable {
    public var selection: ResultSelection
    public var history: ResultHistory
    public var comparison: ResultComparison?
    public var options: ReportOptions
    /// Why a section is missing (no base results, ...), one line each.
    public var notes: [String]
    public var generatedAtUTC: String

    public init(
        selection: ResultSelection,
        history: ResultHistory,
        comparison: ResultComparison? = nil,
        options: ReportOptions = ReportOptions(),
        notes: [String] = [],
        generatedAtUTC: String = UTCTimestamp.iso8601(Date())
    ) {
        self.selection = selection
        self.history = history
        self.comparison = comparison
        self.options = options
        self.notes = notes
        self.generatedAtUTC = generatedAtUTC
    }

    /// Files skipped anywhere while gathering the report.
    public var warnings: [ResultWarning] {
        ResultsWorkspace.merged(selection.warnings, history.warnings)
    }
}

extension ResultsWorkspace {
    /// Gathers a report of `revision` (nil: the newest results of the current commit).
    ///
    /// A missing default base only adds a note; an explicit `options.baseRevision` without results is an error.
    public func report(revision: String? = nil, suite: String? = nil, options: ReportOptions = ReportOptions()) throws -> ReportDocument {
        let selection = try select(revision: revision, suite: suite)
        let history = try self.history(upTo: revision, suite: suite, limit: options.historyCommitLimit)
        var notes: [String] = []
        var comparison: ResultComparison?
        if let base = options.baseRevision {
            let baseSet = try select(revision: base, suite: suite, detail: .metricsOnly).set
            comparison = try ResultComparison(base: baseSet, head: selection.set, options: options.compareOptions)
        } else {
            do {
                let base = try defaultBase(for: selection, suite: suite)
                comparison = try ResultComparison(base: base.set, head: selection.set, options: options.compareOptions)
            } catch let error as ReportingError where error.code == .noResults || error.code == .noCommonCells {
                notes.append("No comparison: \(error.message)")
            }
        }
        return ReportDocument(selection: selection, history: history, comparison: comparison, options: options, notes: notes)
    }
}
