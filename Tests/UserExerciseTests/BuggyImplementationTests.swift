import ExerciseKit
import Testing
import UserExercise

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    static let seeds = BuggyCase.seeds

    @Test(arguments: BuggyUserServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        if let problem = try await bug.problem(in: UserExercise.definition(mine:), seed: seed) { Issue.record("\(problem)") }
    }

    /// Replaying a failure's printed seed reproduces it: each bug's check run again and again with
    /// one seed fails at least 9 times in 10. Off in `make test` (set `SCALEBENCH_REPLAY_RUNS=10`).
    @Test(arguments: BuggyUserServices.cases)
    func replayReproducesTheFailure(_ bug: BuggyCase) async throws {
        guard BuggyCase.replayRuns > 0 else { return }
        if let problem = try await bug.replayProblem(in: UserExercise.definition(mine:), seed: Self.seeds[0], runs: BuggyCase.replayRuns) {
            Issue.record("\(problem)")
        }
    }

    @Test func everyCheckRejectsSomeBug() {
        let proven = Set(BuggyUserServices.cases.map(\.check))
        let unproven = UserChecks.all.map(\.name).filter { !proven.contains($0) }
        #expect(unproven.isEmpty, "checks no buggy design fails: \(unproven)")
    }

    /// The control: the naive base of the storage-level bugs passes every check that runs one
    /// client at a time, so those failures are their bugs (its own race is a case above).
    @Test func naiveBasePassesEverySequentialCheck() async throws {
        let report = try await CheckHarness.run(BuggyUserServices.naiveControl, seed: 7)
        for result in report.results where !result.passed {
            if case .notApplicable = result.status, result.name == "reshard-loses-nothing" { continue }
            if result.name == "linearizable-under-concurrency" { continue }
            Issue.record("naive: \(CheckHarness.describe(result))")
        }
    }

    /// Check-then-insert is right while clients take turns: only the concurrent check exposes it.
    @Test func checkThenInsertPassesTheSequentialDuplicateCheck() async throws {
        let report = try await CheckHarness.run(BuggyUserServices.checkThenInsert, only: ["duplicate-email-refused"], seed: 7)
        let result = try #require(report.results.first)
        #expect(result.passed, "\(CheckHarness.describe(result))")
    }
}
