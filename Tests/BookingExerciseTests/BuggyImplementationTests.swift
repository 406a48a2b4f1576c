import BookingExercise
import ExerciseKit
import Foundation
import Testing

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    /// Two seeds in `make test`; `SCALEBENCH_CHECK_SEEDS=20` runs 20 (how the catch rate was measured).
    static let seeds: [UInt64] = (0..<UInt64(ProcessInfo.processInfo.environment["SCALEBENCH_CHECK_SEEDS"].flatMap(Int.init) ?? 2)).map { 7 &+ $0 &* 0xB0_6B0B }

    @Test(arguments: BuggyBookingServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        let report = try await CheckHarness.run(bug.implementation, only: [bug.check], seed: seed)
        let result = try #require(report.results.first)
        #expect(report.results.map(\.name) == [bug.check])
        guard case .failed(let reason) = result.status else {
            Issue.record("\(bug.implementation.name) was not rejected: \(CheckHarness.describe(result))")
            return
        }
        #expect(reason.contains(bug.reasonFragment), "\(bug.implementation.name): \(reason)")
        #expect(!result.history.isEmpty, "\(bug.implementation.name): a failure must show the history that proves it")
    }

    /// Replaying a failure's printed seed reproduces it: each bug's check run again and again with
    /// one seed fails at least 9 times in 10. Off in `make test` (set `SCALEBENCH_REPLAY_RUNS=10`).
    @Test(arguments: BuggyBookingServices.cases)
    func replayReproducesTheFailure(_ bug: BuggyCase) async throws {
        let runs = ProcessInfo.processInfo.environment["SCALEBENCH_REPLAY_RUNS"].flatMap(Int.init) ?? 0
        guard runs > 0 else { return }
        var failures = 0
        for _ in 0..<runs {
            let report = try await CheckHarness.run(bug.implementation, only: [bug.check], seed: Self.seeds[0])
            if case .failed = report.results.first?.status { failures += 1 }
        }
        print("replay \(bug.testDescription): failed \(failures)/\(runs)")
        #expect(failures * 10 >= runs * 9, "\(bug.testDescription): replay failed only \(failures) of \(runs) times")
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
