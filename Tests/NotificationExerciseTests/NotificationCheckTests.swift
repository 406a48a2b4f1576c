import Exercises
import ExerciseKit
import Foundation
import NotificationExercise
import Testing

/// Every check passes against the reference, fails against the buggy design that proves it, and
/// reports the shipped stub as unimplemented.
@Suite struct NotificationCheckTests {
    static let definition = NotificationExercise.definition(mine: LearnerImplementations.notification)
    /// Two seeds in `make test`; `SCALEBENCH_CHECK_SEEDS=20` runs 20 (how the catch rate was measured).
    static let seeds: [UInt64] = (0..<UInt64(ProcessInfo.processInfo.environment["SCALEBENCH_CHECK_SEEDS"].flatMap(Int.init) ?? 2)).map { 7 &+ $0 &* 0xB0_6B0B }

    @Test(arguments: ["reference", "cached", "fan-out-on-read"], seeds)
    func referencePassesEveryCheck(implementation: String, seed: UInt64) async throws {
        let report = try await Self.definition.runChecks(implementation: implementation, seed: seed, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == NotificationChecks.all.map(\.name))
        for result in report.results where !result.passed { Issue.record("\(implementation), seed \(seed): \(CheckHarness.describe(result))") }
    }

    @Test(arguments: BuggyNotificationServices.cases, seeds)
    func checkRejectsBug(_ bug: BuggyCase, seed: UInt64) async throws {
        let report = try await CheckHarness.run(bug.implementation, only: [bug.check], seed: seed)
        let result = try #require(report.results.first)
        guard case .failed(let reason) = result.status else {
            Issue.record("\(bug.implementation.name) was not rejected: \(CheckHarness.describe(result))")
            return
        }
        #expect(reason.contains(bug.reasonFragment), "\(bug.implementation.name): \(reason)")
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
