import BookingExercise
import ExerciseKit
import Testing

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    static let seeds = BuggyCase.seeds

    @Test(arguments: BuggyBookingServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        if let problem = try await bug.problem(in: BookingExercise.definition(mine:), seed: seed) { Issue.record("\(problem)") }
    }

    /// Replaying a failure's printed seed reproduces it at least 9 times in 10. Off in `make test`
    /// (set `SCALEBENCH_REPLAY_RUNS=10`).
    @Test(arguments: BuggyBookingServices.cases)
    func replayReproducesTheFailure(_ bug: BuggyCase) async throws {
        guard BuggyCase.replayRuns > 0 else { return }
        if let problem = try await bug.replayProblem(in: BookingExercise.definition(mine:), seed: Self.seeds[0], runs: BuggyCase.replayRuns) {
            Issue.record("\(problem)")
        }
    }

    @Test func everyCheckRejectsSomeBug() {
        let proven = Set(BuggyBookingServices.cases.map(\.check))
        let unproven = BookingChecks.all.map(\.name).filter { !proven.contains($0) }
        #expect(unproven.isEmpty, "checks no buggy design fails: \(unproven)")
    }

    /// The control: check-then-act passes every check that runs one client at a time, so the
    /// concurrency checks' failures are its race, nothing else.
    @Test func checkThenActPassesEverySequentialCheck() async throws {
        let report = try await CheckHarness.run(BuggyBookingServices.checkThenAct, seed: 7)
        for result in report.results where !result.passed {
            // The concurrent ones: two clients at once (idempotent-confirm's second half) or eight.
            if ["idempotent-confirm", "no-seat-sold-twice", "confirmed-within-capacity"].contains(result.name) { continue }
            Issue.record("check-then-act: \(CheckHarness.describe(result))")
        }
    }

    /// The oversell check catches check-then-act with its default seed (the one `scalebench check`
    /// uses), and shows both confirms of the seat sold twice.
    @Test func oversellIsCaughtWithTheDefaultSeedShowingBothConfirms() async throws {
        let report = try await CheckHarness.run(BuggyBookingServices.checkThenAct, only: ["no-seat-sold-twice"], seed: 42)
        let result = try #require(report.results.first)
        guard case .failed(let reason) = result.status else {
            Issue.record("check-then-act passed no-seat-sold-twice with seed 42: \(CheckHarness.describe(result))")
            return
        }
        #expect(reason.contains("sold twice"), "\(reason)")
        let confirms = result.history.filter { $0.operation.contains("= confirm(") && $0.outcome?.hasPrefix("booked") == true }
        #expect(confirms.count >= 2, "the evidence shows both acknowledged confirms: \(CheckHarness.describe(result))")
    }
}
