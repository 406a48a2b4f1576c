/// One commit's results on the way along git ancestry.
public struct HistoryPoint: Sendable {
    public var commit: String
    public var dirty: Bool
    public var subject: String
    /// The newest file's timestamp among the point's files.
    public var timestampUTC: String
    public var set: ResultSet

    /// `abc1234` or `abc1234-dirty`.
    public var label: String { CommitDirectory(commit: commit, dirty: dirty).shortLabel }
}

/// Results along a branch's history, oldest first, ordered by git ancestry (not by timestamps).
public struct ResultHistory: Sendable {
    public var points: [HistoryPoint]
    public var warnings: [ResultWarning]

    public init(points: [HistoryPoint], warnings: [ResultWarning] = []) {
        self.points = points
        self.warnings = warnings
    }

    /// One metric's median per point for one cell; nil where that point lacks the cell.
    public func medians(of metric: Metric, for key: CellKey) -> [Double?] {
        points.map { $0.set.group(for: key)?.spread(metric)?.median }
    }
}

extension ResultsWorkspace {
    /// The results of `revision` (nil: HEAD) and its ancestors, oldest first, at most `limit` commits back.
    ///
    /// Each commit contributes its clean results, then its dirty results (uncommitted work on top
    /// of it), each as the newest file per suite. Commits off the ancestry path are left out.
    /// Points carry metrics only (`ScanDetail.metricsOnly`): no histograms, no timelines.
    public func history(upTo revision: String? = nil, suite: String? = nil, limit: Int = 100) throws -> ResultHistory {
        let tip = try revision.map { try resolveSelector($0).commit } ?? git.headCommit()
        let withResults = store.commitsWithResults()
        var points: [HistoryPoint] = []
        var warnings: [ResultWarning] = []
        for commit in try git.ancestry(of: tip, limit: limit) where withResults.contains(commit) {
            let scan = store.scan(commit: commit, detail: .metricsOnly)
            warnings = Self.merged(warnings, scan.warnings)
            // Newest-first walk: dirty is later than clean within a commit, so it goes in first.
            for preference in [StatePreference.dirtyOnly, .cleanOnly] {
                guard let chosen = Self.choose(scan.results, preference: preference, suite: suite) else { continue }
                let newest = chosen.files.max { $0.file.timestampUTC < $1.file.timestampUTC }
                let label = CommitDirectory(commit: commit, dirty: chosen.dirty).shortLabel
                points.append(HistoryPoint(
                    commit: commit,
                    dirty: chosen.dirty,
                    subject: newest?.file.commitSubject ?? "",
                    timestampUTC: newest?.file.timestampUTC ?? "",
                    set: ResultSet(label: label, files: chosen.files)
                ))
            }
        }
        return ResultHistory(points: points.reversed(), warnings: warnings)
    }
}
