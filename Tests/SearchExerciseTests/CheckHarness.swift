import ExerciseKit
import SearchExercise

/// Runs SearchService checks against an implementation the exercise does not register, through the
/// path `scalebench check` takes: registered as the learner's, each check on a fresh cluster.
enum CheckHarness {
    static func run(_ implementation: Implementation<any SearchService>, only: Set<String> = [], seed: UInt64) async throws -> CheckReport {
        try await SearchExercise.definition(mine: implementation).runChecks(implementation: implementation.name, seed: seed, only: only, onResult: { _ in })
    }

    /// The check's status and the history it showed, for a test failure message.
    static func describe(_ result: CheckResult) -> String { BuggyCase.describe(result) }
}
