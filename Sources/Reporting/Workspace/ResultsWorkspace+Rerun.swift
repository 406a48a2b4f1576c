import Foundation
import Synchronization

/// What `scalebench compare --rerun BASE HEAD` asks for.
public struct RerunRequest: Sendable, Hashable {
    /// Git revisions (uncommitted changes are not part of a checkout).
    public var base: String
    public var head: String
    /// The scalebench arguments of one run, e.g. `["bench", "user", "--impl", "reference"]`.
    public var suiteArguments: [String]
    /// Runs of each side; 5 or more lets the comparison use the Mann-Whitney U test.
    public var runsPerSide: Int
    public var options: CompareOptions
    /// Leave the checkouts in place (for debugging a failing build).
    public var keepCheckouts: Bool

    public init(
        base: String, head: String, suiteArguments: [String], runsPerSide: Int = 5,
        options: CompareOptions = CompareOptions(), keepCheckouts: Bool = false
    ) {
        self.base = base
        self.head = head
        self.suiteArguments = suiteArguments
        self.runsPerSide = runsPerSide
        self.options = options
        self.keepCheckouts = keepCheckouts
    }
}

extension ResultsWorkspace {
    /// Makes scratch folder names unique within the process (the pid separates processes).
    private static let scratchSequence = Atomic<UInt64>(0)

    /// Checks BASE and HEAD out into temporary git worktrees, builds each in release, runs the suite
    /// alternately (A B A B ...) on this machine, stores every run's results under this repository's
    /// `Results/`, and compares them. The worktrees are removed afterwards, also on failure.
    public func compareByRerunning(
        _ request: RerunRequest,
        executor: some RerunExecutor = ReleaseBuildExecutor(),
        progress: (String) -> Void = { _ in }
    ) throws -> CompareOutcome {
        try request.options.validate()
        guard request.runsPerSide >= 1 else {
            throw ReportingError(.invalidOption, "--runs must be at least 1, not \(request.runsPerSide); use 5 or more for the rank test")
        }
        let commits: [RerunSide: String] = [.base: try git.resolve(request.base), .head: try git.resolve(request.head)]
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("scalebench-rerun-\(getpid())-\(Self.scratchSequence.add(1, ordering: .relaxed).newValue)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw ReportingError(.writeFailed, "cannot create \(scratch.path) (\(error.localizedDescription)); check the temporary folder (TMPDIR)")
        }
        var checkouts: [RerunSide: URL] = [:]
        defer {
            if !request.keepCheckouts {
                for checkout in checkouts.values { try? git.removeWorktree(at: checkout) }
                try? FileManager.default.removeItem(at: scratch)
                try? git.pruneWorktrees()
            }
        }
        var executables: [RerunSide: URL] = [:]
        for side in [RerunSide.base, .head] {
            let checkout = scratch.appendingPathComponent(side.rawValue, isDirectory: true)
            let commit = commits[side] ?? ""
            progress("checking out \(side.rawValue) \(commit.prefix(7)) into \(checkout.path)")
            try git.addWorktree(at: checkout, commit: commit)
            checkouts[side] = checkout
            progress("building \(side.rawValue) \(commit.prefix(7)) in release")
            executables[side] = try executor.build(checkout: checkout)
        }

        let plan = RerunPlan.alternating(runsPerSide: request.runsPerSide)
        var stored: [RerunSide: [StoredResult]] = [.base: [], .head: []]
        var recorded: [URL] = []
        for (index, side) in plan.steps.enumerated() {
            guard let checkout = checkouts[side], let executable = executables[side], let commit = commits[side] else { continue }
            progress("run \(index + 1) of \(plan.steps.count): \(side.rawValue) \(commit.prefix(7))")
            let urls = try executor.run(executable: executable, checkout: checkout, arguments: request.suiteArguments)
            guard !urls.isEmpty else {
                throw ReportingError(
                    .runFailed,
                    "the \(side.rawValue) run of `scalebench \(request.suiteArguments.joined(separator: " "))` wrote no result file; check that the arguments run a suite that records results at \(commit.prefix(7))"
                )
            }
            for url in urls {
                let file = try store.load(fileAt: url)
                guard file.commit == commit else {
                    throw ReportingError(.runFailed, "the \(side.rawValue) run wrote results for commit \(file.commit.prefix(7)), expected \(commit.prefix(7)); the checkout is not at the revision asked for")
                }
                let url = try store.write(file)
                recorded.append(url)
                stored[side, default: []].append(StoredResult(url: url, file: file))
            }
        }

        let runs = "\(request.runsPerSide)×"
        let base = ResultSet(label: "\(request.base) (\(commits[.base]?.prefix(7) ?? ""), \(runs) rerun)", files: stored[.base] ?? [])
        let head = ResultSet(label: "\(request.head) (\(commits[.head]?.prefix(7) ?? ""), \(runs) rerun)", files: stored[.head] ?? [])
        var comparison = try ResultComparison(base: base, head: head, options: request.options)
        if let current = try? git.headCommit(), commits.values.contains(current), (try? git.isDirty()) == true {
            comparison.notes.append("the working tree has uncommitted changes; --rerun measures committed revisions only, so they are not included")
        }
        return CompareOutcome(comparison: comparison, warnings: [], recordedFiles: recorded)
    }
}
