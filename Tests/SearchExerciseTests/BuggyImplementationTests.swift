import ExerciseKit
import SearchExercise
import Testing

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    static let seeds = BuggyCase.seeds

    @Test(arguments: BuggySearchServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        if let problem = try await bug.problem(in: SearchExercise.definition(mine:), seed: seed) { Issue.record("\(problem)") }
    }

    /// Replaying a failure's printed seed reproduces it at least 9 times in 10. Off in `make test`
    /// (set `SCALEBENCH_REPLAY_RUNS=10`).
    @Test(arguments: BuggySearchServices.cases)
    func replayReproducesTheFailure(_ bug: BuggyCase) async throws {
        guard BuggyCase.replayRuns > 0 else { return }
        if let problem = try await bug.replayProblem(in: SearchExercise.definition(mine:), seed: Self.seeds[0], runs: BuggyCase.replayRuns) {
            Issue.record("\(problem)")
        }
    }

    @Test func everyCheckRejectsSomeBug() {
        let proven = Set(BuggySearchServices.cases.map(\.check))
        let unproven = SearchChecks.all.map(\.name).filter { !proven.contains($0) }
        #expect(unproven.isEmpty, "checks no buggy design fails: \(unproven)")
    }

    /// The control: the naive base passes every check, so each failure above is its bug's.
    @Test func naiveBasePassesEveryCheck() async throws {
        let report = try await CheckHarness.run(BuggySearchServices.control, seed: 7)
        for result in report.results where !result.passed {
            Issue.record("naive: \(CheckHarness.describe(result))")
        }
    }
}
