import BookingExercise
import Exercises
import ExerciseKit
import Testing

/// Every check passes against every reference design; the shipped stub is a starting point, not a crash.
@Suite struct ReferenceCheckTests {
    static let definition = BookingExercise.definition(mine: LearnerImplementations.booking)
    static let referenceNames = definition.implementations.map(\.name).filter { $0 != LearnerImplementations.booking.name }
    /// Two seeds: the concurrent checks draw their operations from them.
    static let seeds: [UInt64] = [1, 0x5CA1_AB1E]
    static let reference = BookingExercise.references[0]

    @Test(arguments: referenceNames, seeds)
    func everyCheckPasses(implementation: String, seed: UInt64) async throws {
        let report = try await Self.definition.runChecks(implementation: implementation, seed: seed, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == BookingChecks.all.map(\.name))
        for result in report.results where !result.passed {
            Issue.record("\(implementation), seed \(seed): \(CheckHarness.describe(result))")
        }
    }

    @Test func referencesAreAllButTheStub() {
        #expect(Self.referenceNames == BookingExercise.references.map(\.name))
        #expect(Self.referenceNames.first == "reference")
    }

    @Test func stubReportsEveryCheckUnimplemented() async throws {
        let report = try await Self.definition.runChecks(implementation: "mine", seed: 1, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == BookingChecks.all.map(\.name))
        for result in report.results {
            guard case .unimplemented(let message) = result.status else {
                Issue.record("stub: \(CheckHarness.describe(result))")
                continue
            }
            #expect(message.contains("Exercises/Booking/MyBookingService.swift"), "\(result.name): \(message)")
        }
        #expect(!report.allPassed)
    }
}
