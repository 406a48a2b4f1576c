import Exercises
import ExerciseKit
import Foundation
import NotificationExercise
import Testing

/// Every check passes against the reference, fails against the buggy design that proves it, and
/// reports the shipped stub as unimplemented.
@Suite struct NotificationCheckTests {
    static let definition = NotificationExercise.definition(mine: LearnerImplementations.notification)
    static let referenceNames = NotificationExercise.references.map(\.name)
    /// Two seeds in `make test`; `SCALEBENCH_CHECK_SEEDS=20` runs 20 (how the catch rate was measured).
    static let seeds = BuggyCase.seeds

    @Test(arguments: referenceNames, seeds)
    func referencePassesEveryCheck(implementation: String, seed: UInt64) async throws {
        let report = try await Self.definition.runChecks(implementation: implementation, seed: seed, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == NotificationChecks.all.map(\.name))
        for result in report.results where !result.passed { Issue.record("\(implementation), seed \(seed): \(CheckHarness.describe(result))") }
    }

    @Test(arguments: BuggyNotificationServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        if let problem = try await bug.problem(in: NotificationExercise.definition(mine:), seed: seed) { Issue.record("\(problem)") }
    }

    /// Replaying a failure's printed seed reproduces it at least 9 times in 10. Off in `make test`
    /// (set `SCALEBENCH_REPLAY_RUNS=10`).
    @Test(arguments: BuggyNotificationServices.cases)
    func replayReproducesTheFailure(_ bug: BuggyCase) async throws {
        guard BuggyCase.replayRuns > 0 else { return }
        if let problem = try await bug.replayProblem(in: NotificationExercise.definition(mine:), seed: Self.seeds[0], runs: BuggyCase.replayRuns) {
            Issue.record("\(problem)")
        }
    }

    @Test func everyCheckRejectsSomeBug() {
        let proven = Set(BuggyNotificationServices.cases.map(\.check))
        let unproven = NotificationChecks.all.map(\.name).filter { !proven.contains($0) }
        #expect(unproven.isEmpty, "checks no buggy design fails: \(unproven)")
    }

    @Test func stubReportsEveryCheckUnimplemented() async throws {
        let report = try await Self.definition.runChecks(implementation: "mine", seed: 1, only: [], onResult: { _ in })
        for result in report.results {
            guard case .unimplemented(let message) = result.status else {
                Issue.record("stub: \(CheckHarness.describe(result))")
                continue
            }
            #expect(message.contains("Exercises/NotificationService/MyNotificationService.swift"), "\(result.name): \(message)")
        }
    }
}
