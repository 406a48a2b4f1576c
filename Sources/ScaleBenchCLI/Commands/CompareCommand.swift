import ArgumentParser
import Reporting

/// `scalebench compare [BASE] [HEAD]`: stored results of two revisions, with noise-aware verdicts.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two revisions' results; exit 2 when a metric regressed beyond threshold and noise.",
        discussion: """
        A change counts when it is beyond the metric's threshold and stands out from run-to-run noise \
        (Mann-Whitney U from 5 runs per side, otherwise non-overlapping min–max ranges). \
        Exit codes: 0 no regression, 2 regression, 64 usage error (unknown revision, no results), 1 other failures.

        Examples:
          scalebench compare                  current commit vs nearest ancestor
          scalebench compare main HEAD --threshold p99=15 --format markdown
          scalebench compare abc1234 abc1234-dirty    uncommitted work vs its commit
          scalebench compare --rerun main HEAD -- bench user --duration 1s
        """
    )

    /// How the comparison is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, csv
    }

    @Argument(help: "Base revision (default: the same commit's clean results under dirty ones, else the nearest ancestor with results).")
    var base: String?

    @Argument(help: "Head revision (default: the newest results of the current commit); REV-dirty picks its dirty results.")
    var head: String?

    @Option(help: "Compare only this suite.")
    var suite: String?

    @Option(help: "Output: text (terminal table), markdown (pull requests) or csv.")
    var format: Format = .text

    @OptionGroup(title: "Verdicts")
    var verdicts: VerdictOptions

    @Flag(help: "Build BASE and HEAD in temporary worktrees and run the suite given after -- on both, alternately, on this machine.")
    var rerun = false

    @Option(help: "Runs per side with --rerun (5 or more allow the rank test).")
    var runs = 5

    @OptionGroup(title: "Results")
    var location: ResultsLocation

    @Argument(parsing: .postTerminator, help: ArgumentHelp("With --rerun: the scalebench arguments of one run, after --, e.g. -- bench user --duration 1s.", valueName: "suite-arguments"))
    var suiteArguments: [String] = []

    func validate() throws {
        guard rerun else {
            guard suiteArguments.isEmpty else {
                throw ValidationError("the arguments after -- (\(suiteArguments.joined(separator: " "))) are the suite of --rerun; add --rerun or drop them")
            }
            return
        }
        guard base != nil, head != nil else {
            throw ValidationError("--rerun needs both BASE and HEAD, e.g. scalebench compare --rerun main HEAD -- bench user")
        }
        guard !suiteArguments.isEmpty else {
            throw ValidationError("--rerun needs the run's arguments after --, e.g. scalebench compare --rerun main HEAD -- bench user --duration 1s")
        }
        guard suite == nil else {
            throw ValidationError("--suite does not apply to --rerun: the suite is what runs after --")
        }
        guard runs >= 1 else {
            throw ValidationError("--runs is \(runs); use 1 or more (5 or more for the rank test)")
        }
    }

    func run() throws {
        let outcome = try ReportingFailure.reporting { try compare() }
        ReportingFailure.printWarnings(outcome.warnings)
        let comparison = outcome.comparison
        switch format {
        case .text: print(CompareText.render(comparison), terminator: "")
        case .markdown: print(MarkdownReport.comparison(comparison), terminator: "")
        case .csv:
            // Notes go beside the CSV so it stays machine-readable.
            for note in comparison.notes { Terminal.printError("note: \(note)") }
            print(CSVReport.comparison(comparison), terminator: "")
        }
        if !outcome.recordedFiles.isEmpty {
            Terminal.printError("stored \(outcome.recordedFiles.count) result file(s) of the reruns, e.g. \(outcome.recordedFiles[0].path)")
        }
        if outcome.decision == .regression { throw ExitCode(outcome.decision.exitCode) }
    }

    private func compare() throws -> CompareOutcome {
        // A rerun writes its results; a plain compare only reads them.
        let workspace = try rerun ? location.writableWorkspace() : location.readableWorkspace()
        let options = try verdicts.compareOptions()
        guard rerun, let base, let head else {
            return try workspace.compare(base: base, head: head, suite: suite, options: options)
        }
        let request = RerunRequest(base: base, head: head, suiteArguments: suiteArguments, runsPerSide: runs, options: options)
        // Build and run output would corrupt Markdown or CSV on stdout, so only text shows it.
        let executor = ReleaseBuildExecutor(showsOutput: format == .text)
        return try workspace.compareByRerunning(request, executor: executor) { Terminal.printError("rerun: \($0)") }
    }
}
