/// The result files chosen for one side of a comparison or for a report.
public struct ResultSelection: Sendable {
    /// The revision as the user wrote it (`HEAD`, `main~2`), or a description of the default.
    public var revision: String
    public var commit: String
    /// True when the chosen files were run with uncommitted changes.
    public var dirty: Bool
    /// The newest file of each suite for that commit and state.
    public var set: ResultSet
    public var warnings: [ResultWarning]
}

/// Which of a commit's clean and dirty results a selection takes.
enum StatePreference {
    /// Whichever state has the newest file: "what I just ran".
    case newest
    /// Clean results when there are any: "what the commit itself measured".
    case preferClean
    case dirtyOnly
    case cleanOnly
}

extension ResultsWorkspace {
    /// Chooses the results of `revision` (nil: the newest results of the current commit, dirty or not).
    ///
    /// A git revision picks that commit's clean results, else its dirty ones; `REV-dirty` picks
    /// the dirty ones only. Within a commit, the newest file of each suite is used.
    public func select(revision: String?, suite: String? = nil, detail: ScanDetail = .full) throws -> ResultSelection {
        guard let revision else {
            let commit = try git.headCommit()
            return try select(commit: commit, preference: .newest, suite: suite, label: "the current commit \(commit.prefix(7))", detail: detail)
        }
        let (commit, preference) = try resolveSelector(revision)
        return try select(commit: commit, preference: preference, suite: suite, label: Self.label(revision, commit), detail: detail)
    }

    /// `'main~2' (abc1234)`, how messages name a revision the user gave.
    static func label(_ revision: String, _ commit: String) -> String {
        "'\(revision)' (\(commit.prefix(7)))"
    }

    /// A git revision, or a revision with a `-dirty` suffix meaning its dirty results.
    func resolveSelector(_ revision: String) throws -> (commit: String, preference: StatePreference) {
        do {
            return (try git.resolve(revision), .preferClean)
        } catch let error as ReportingError where error.code == .unknownRevision && revision.hasSuffix(CommitDirectory.dirtySuffix) {
            let base = String(revision.dropLast(CommitDirectory.dirtySuffix.count))
            guard let commit = try? git.resolve(base) else { throw error }
            return (commit, .dirtyOnly)
        }
    }

    func select(commit: String, preference: StatePreference, suite: String?, label: String, detail: ScanDetail) throws -> ResultSelection {
        let scan = store.scan(commit: commit, detail: detail)
        let suiteLabel = suite.map { "\(label) in suite \($0)" } ?? label
        guard let chosen = Self.choose(scan.results, preference: preference, suite: suite) else {
            throw ReportingError.noResults(for: suiteLabel, skippedFileCount: scan.warnings.count)
        }
        let set = ResultSet(label: CommitDirectory(commit: commit, dirty: chosen.dirty).shortLabel, files: chosen.files)
        return ResultSelection(revision: label, commit: commit, dirty: chosen.dirty, set: set, warnings: scan.warnings)
    }

    /// The newest file per suite in the preferred state; nil when nothing fits.
    static func choose(_ results: [StoredResult], preference: StatePreference, suite: String?) -> (dirty: Bool, files: [StoredResult])? {
        let candidates = results.filter { suite == nil || $0.file.suite == suite }
        let clean = candidates.filter { !$0.file.dirty }
        let dirty = candidates.filter { $0.file.dirty }
        let useDirty: Bool
        switch preference {
        case .dirtyOnly: useDirty = true
        case .cleanOnly: useDirty = false
        case .preferClean: useDirty = clean.isEmpty
        case .newest:
            let newestClean = clean.map(\.file.timestampUTC).max() ?? ""
            let newestDirty = dirty.map(\.file.timestampUTC).max() ?? ""
            useDirty = newestDirty > newestClean
        }
        let files = newestPerSuite(useDirty ? dirty : clean)
        return files.isEmpty ? nil : (useDirty, files)
    }

    /// Keeps the newest file of each suite, in suite order of first appearance.
    static func newestPerSuite(_ results: [StoredResult]) -> [StoredResult] {
        var newest: [String: StoredResult] = [:]
        var order: [String] = []
        for stored in results {
            let suite = stored.file.suite
            guard let current = newest[suite] else {
                newest[suite] = stored
                order.append(suite)
                continue
            }
            if Self.isNewer(stored, than: current) {
                newest[suite] = stored
            }
        }
        return order.compactMap { newest[$0] }
    }

    /// Later timestamp wins; within one second the `-2`, `-3`, ... suffix (a longer name) is newer.
    static func isNewer(_ lhs: StoredResult, than rhs: StoredResult) -> Bool {
        let left = lhs.url.lastPathComponent
        let right = rhs.url.lastPathComponent
        return (lhs.file.timestampUTC, left.count, left) > (rhs.file.timestampUTC, right.count, right)
    }
}
