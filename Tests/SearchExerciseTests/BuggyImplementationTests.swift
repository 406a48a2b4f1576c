import ExerciseKit
import Foundation
import SearchExercise
import Testing

/// A check that catches nothing is not a check: each one fails against a deliberately buggy design.
@Suite struct BuggyImplementationTests {
    /// One seed in `make test`; `SCALEBENCH_CHECK_SEEDS=20` runs 20 (how the catch rate was measured).
    static let seeds: [UInt64] = (0..<UInt64(ProcessInfo.processInfo.environment["SCALEBENCH_CHECK_SEEDS"].flatMap(Int.init) ?? 1)).map { 7 &+ $0 &* 0xB0_6B0B }

    @Test(arguments: BuggySearchServices.cases, seeds)
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
