import ArgumentParser
import ExerciseKit

/// `scalebench check <exercise>`: runs the exercise's named checks against one implementation.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Prove an implementation correct: run the exercise's named checks.",
        discussion: """
        A failing check prints the operations that prove the bug and the command that replays it.
        Exit code 0 only when every check passes (checks that do not apply to a design count as passed).

        Examples:
          scalebench check user                       your stub (mine)
          scalebench check user --impl reference
          scalebench check user --only duplicate-email-refused --seed 7
          scalebench check user --runs 20             failure rates over 20 seeds
          scalebench check search --impl reference --set cache=tier --cache-nodes 1
        """
    )

    @Argument(help: "The exercise: \(ExerciseCatalog.names.joined(separator: ", ")).")
    var exercise: String

    @Option(help: "The implementation to check: mine, reference, or a named design (see `scalebench list`).")
    var impl = "mine"

    @Option(help: "Seed of the checks' random choices; a failure prints the seed that replays it.")
    var seed: UInt64 = 42

    @Option(help: "Only these checks (comma list).")
    var only: String?

    @Option(help: "Run the checks this many times, with seeds --seed, --seed+1, …, and print each check's failure rate (1…\(Self.maximumRuns)).")
    var runs = 1

    @OptionGroup(title: "Cluster (each check starts from these, then sets what it needs itself)")
    var cluster: CheckClusterOptions

    /// Enough to tell "fixed" from "lucky"; each run builds every check's clusters anew.
    static let maximumRuns = 1_000

    func validate() throws {
        let exercise = try ExerciseCatalog.named(exercise)
        guard exercise.implementationList.contains(where: { $0.name == impl }) else {
            throw ValidationError("exercise '\(self.exercise)' has no implementation '\(impl)'; use one of \(exercise.implementationList.map(\.name).joined(separator: ", "))")
        }
        guard (1...Self.maximumRuns).contains(runs) else {
            throw ValidationError("--runs must be 1…\(Self.maximumRuns); got \(runs)")
        }
        for name in onlyNames where !exercise.checkList.contains(where: { $0.name == name }) {
            throw ValidationError("exercise '\(self.exercise)' has no check '\(name)'; use one of \(exercise.checkList.map(\.name).joined(separator: ", "))")
        }
        try BenchCommand.usageErrors {
            let adjust = try cluster.adjustment(for: exercise)
            var configuration = exercise.checkCluster
            adjust(&configuration)
            try exercise.validate(cluster: configuration, implementation: impl)
        }
    }

    func run() async throws {
        let exercise = try ExerciseCatalog.named(exercise)
        if runs > 1 { return try await runRepeatedly(exercise) }
        let adjust = try BenchCommand.usageErrors { try cluster.adjustment(for: exercise) }
        print("check \(exercise.descriptor.shortName) --impl \(impl) --seed \(seed)\(cluster.replayArguments)")
        let width = exercise.checkList.map(\.name.count).max() ?? 10
        let report = try await exercise.runChecks(implementation: impl, seed: seed, only: Set(onlyNames), adjust: adjust) { result in
            print(CheckOutput.render(result, nameWidth: width, replay: replayCommand(seed: seed, check: result.name)))
        }
        print("")
        print(CheckOutput.summary(report))
        if !report.allPassed { throw ExitCode.failure }
        // One seed draws one sequence of operations: a bug on a path it skipped stays hidden.
        print("Passed with seed \(seed). Checks draw random operations; before calling it done, try 20 seeds: scalebench check \(self.exercise) --impl \(impl)\(cluster.replayArguments) --runs 20")
    }

    /// `--runs N`: every check N times over consecutive seeds; a table of failure rates.
    private func runRepeatedly(_ exercise: any AnyExercise) async throws {
        let adjust = try BenchCommand.usageErrors { try cluster.adjustment(for: exercise) }
        print("check \(exercise.descriptor.shortName) --impl \(impl) --seed \(seed) --runs \(runs)\(cluster.replayArguments)")
        var tally = CheckTally()
        let status = StatusLine()
        for index in 0..<runs {
            let runSeed = seed &+ UInt64(index)
            let report = try await exercise.runChecks(implementation: impl, seed: runSeed, only: Set(onlyNames), adjust: adjust) { _ in }
            tally.add(report)
            status.update("run \(index + 1)/\(runs): \(tally.failedRunCount) with a failure so far")
        }
        status.clear()
        print(tally.table(replay: { name, failedSeed in replayCommand(seed: failedSeed, check: name) }))
        if tally.failedRunCount > 0 { throw ExitCode.failure }
    }

    /// The command that runs one check again exactly so.
    private func replayCommand(seed: UInt64, check: String) -> String {
        "scalebench check \(exercise) --impl \(impl) --seed \(seed)\(cluster.replayArguments) --only \(check)"
    }

    private var onlyNames: [String] {
        (only ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// How check results look on the terminal.
enum CheckOutput {
    static func render(_ result: CheckResult, nameWidth: Int, replay: String) -> String {
        let seconds = Format.fixed(Double(result.elapsedNanos) / 1e9, decimals: 2) + "s"
        let name = result.name.padding(nameWidth + 2)
        switch result.status {
        case .passed:
            return "  pass  \(name)\(seconds)"
        case .notApplicable(let reason):
            return "  n/a   \(name)\(reason)"
        case .unimplemented(let message):
            return "  todo  \(name)\(message)"
        case .undecided(let reason):
            return "  ??    \(name)\(seconds)\n        \(result.summary)\n        \(reason)\n        replay: \(replay)"
        case .failed(let reason):
            var lines = ["  FAIL  \(name)\(seconds)", "        \(result.summary)", "        why: \(reason)"]
            if !result.history.isEmpty {
                lines.append("        history (the operations that prove it):")
                lines += result.history.map { "          \($0)" }
            }
            lines.append("        replay: \(replay)")
            return lines.joined(separator: "\n")
        }
    }

    static func summary(_ report: CheckReport) -> String {
        let total = report.results.count
        let todo = report.results.filter { if case .unimplemented = $0.status { true } else { false } }
        var text = "\(report.passedCount)/\(total) checks passed"
        if report.notApplicableCount > 0 { text += ", \(report.notApplicableCount) not applicable to this design" }
        if let first = todo.first, case .unimplemented(let message) = first.status {
            text += "\n\(message)"
        }
        return text
    }
}
