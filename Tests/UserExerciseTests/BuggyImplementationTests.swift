import ExerciseKit
import Foundation
import Testing
import UserExercise

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    /// Two seeds in `make test`; `SCALEBENCH_CHECK_SEEDS=20` runs 20 (how the catch rate was measured).
    static let seeds: [UInt64] = (0..<UInt64(ProcessInfo.processInfo.environment["SCALEBENCH_CHECK_SEEDS"].flatMap(Int.init) ?? 2)).map { 7 &+ $0 &* 0xB0_6B0B }

    @Test(arguments: BuggyUserServices.cases, seeds)
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
    @Test(arguments: BuggyUserServices.cases)
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
