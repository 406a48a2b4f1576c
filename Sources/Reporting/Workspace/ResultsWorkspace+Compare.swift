import Foundation

/// A comparison plus the files skipped on the way; the CLI prints warnings, the report, and exits
/// with `decision.exitCode`.
public struct CompareOutcome: Sendable {
    public var comparison: ResultComparison
    public var warnings: [ResultWarning]
    /// Result files this operation stored (the runs of `compare --rerun`); empty otherwise.
    public var recordedFiles: [URL] = []

    public var decision: CompareDecision { comparison.decision }
}

extension ResultsWorkspace {
    /// How far back the default base is searched for a commit with results.
    static let ancestorSearchLimit = 1_000

    /// Compares two revisions' stored results (`scalebench compare [BASE] [HEAD]`).
    ///
    /// `head` nil: the newest results of the current commit. `base` nil: when the head results are
    /// dirty and the same commit has clean ones, those; otherwise the newest results of the nearest
    /// ancestor that has any. `suite` limits both sides to one suite.
    public func compare(
        base: String? = nil,
        head: String? = nil,
        suite: String? = nil,
        options: CompareOptions = CompareOptions()
    ) throws -> CompareOutcome {
        // Unknown revisions are reported before anything is read.
        let baseSelector = try base.map { ($0, try resolveSelector($0)) }
        let headSelection = try select(revision: head, suite: suite, detail: .metricsOnly)
        let baseSelection = try baseSelector.map { revision, selector in
            try select(commit: selector.commit, preference: selector.preference, suite: suite, label: Self.label(revision, selector.commit), detail: .metricsOnly)
        } ?? defaultBase(for: headSelection, suite: suite)
        let comparison = try ResultComparison(base: baseSelection.set, head: headSelection.set, options: options)
        return CompareOutcome(comparison: comparison, warnings: Self.merged(headSelection.warnings, baseSelection.warnings))
    }

    /// The same commit's clean results under dirty head results, else the nearest ancestor's results.
    func defaultBase(for head: ResultSelection, suite: String?) throws -> ResultSelection {
        let label = "clean results of \(head.commit.prefix(7))"
        if head.dirty, let clean = try? select(commit: head.commit, preference: .cleanOnly, suite: suite, label: label, detail: .metricsOnly) {
            return clean
        }
        let withResults = store.commitsWithResults()
        let ancestors = try git.ancestry(of: head.commit, limit: Self.ancestorSearchLimit + 1).dropFirst()
        var skipped: [ResultWarning] = []
        for commit in ancestors where withResults.contains(commit) {
            let label = "the nearest ancestor with results, \(commit.prefix(7))"
            do {
                var selection = try select(commit: commit, preference: .preferClean, suite: suite, label: label, detail: .metricsOnly)
                selection.warnings = Self.merged(skipped, selection.warnings)
                return selection
            } catch let error as ReportingError where error.code == .noResults {
                // Only another suite, or only unreadable files: keep walking, keep the warnings.
                skipped = Self.merged(skipped, store.scan(commit: commit, detail: .metricsOnly).warnings)
            }
        }
        let suiteText = suite.map { " in suite \($0)" } ?? ""
        let skippedText = skipped.isEmpty ? "" : ", \(skipped.count) unreadable file(s) skipped"
        throw ReportingError(
            .noResults,
            "no results for any ancestor of \(head.commit.prefix(7))\(suiteText) (searched \(ancestors.count) commits\(skippedText)); "
                + "run `scalebench bench` on an earlier commit and pass it as BASE, or use `scalebench compare --rerun BASE HEAD`"
        )
    }

    static func merged(_ first: [ResultWarning], _ second: [ResultWarning]) -> [ResultWarning] {
        var seen: Set<ResultWarning> = []
        return (first + second).filter { seen.insert($0).inserted }
    }
}
