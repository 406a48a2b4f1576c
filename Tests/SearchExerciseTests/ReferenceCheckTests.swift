import Exercises
import ExerciseKit
@testable import SearchExercise
import Testing

/// Every check passes against every reference design; the shipped stub is a starting point, not a crash.
@Suite struct ReferenceCheckTests {
    static let definition = SearchExercise.definition(mine: LearnerImplementations.search)
    static let referenceNames = definition.implementations.map(\.name).filter { $0 != LearnerImplementations.search.name }
    /// `local-statistics` is the trap the exercise shows: it ranks differently by design (a buggy case proves it).
    static let correctReferences = referenceNames.filter { $0 != "local-statistics" }

    @Test(arguments: correctReferences)
    func everyCheckPasses(implementation: String) async throws {
        let report = try await Self.definition.runChecks(implementation: implementation, seed: 1, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == SearchChecks.all.map(\.name))
        for result in report.results where !result.passed {
            Issue.record("\(implementation): \(CheckHarness.describe(result))")
        }
    }

    /// `cached` uses the check cluster's cache tier; the same design on a cache node of its own passes too.
    @Test func theOwnNodeCachePassesEveryCheck() async throws {
        let ownNode = SearchExercise.sharded("cached-on-node", "the result cache on its own node") { design, _ in design.cache = .node }
        let report = try await CheckHarness.run(ownNode, seed: 1)
        for result in report.results where !result.passed {
            Issue.record("cached-on-node: \(CheckHarness.describe(result))")
        }
    }

    @Test func referencesAreAllButTheStub() {
        #expect(Self.referenceNames == SearchExercise.references.map(\.name))
        #expect(Self.referenceNames.first == "reference")
    }

    @Test func stubReportsEveryCheckUnimplemented() async throws {
        let report = try await Self.definition.runChecks(implementation: "mine", seed: 1, only: [], onResult: { _ in })
        #expect(report.results.map(\.name) == SearchChecks.all.map(\.name))
        for result in report.results {
            guard case .unimplemented(let message) = result.status else {
                Issue.record("stub: \(CheckHarness.describe(result))")
                continue
            }
            #expect(message.contains("Exercises/Search/MySearchService.swift"), "\(result.name): \(message)")
        }
        #expect(!report.allPassed)
    }
}
