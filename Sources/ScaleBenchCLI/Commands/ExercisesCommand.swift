import ArgumentParser
import ExerciseKit

/// `scalebench exercises`: each exercise, its difficulty, and how many checks `mine` passes.
struct ExercisesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "List the exercises, their difficulty, and how many checks your implementation passes."
    )

    @Option(help: "Seed of the checks.")
    var seed: UInt64 = 42

    func run() async throws {
        var table = TextTable(headers: ["exercise", "difficulty", "title", "mine passes", "stub"], alignments: [.left, .left, .left, .right, .left])
        let status = StatusLine()
        for exercise in ExerciseCatalog.all {
            status.update("checking \(exercise.descriptor.shortName) (mine)…")
            let report = try await exercise.runChecks(implementation: "mine", seed: seed, only: []) { _ in }
            status.clear()
            let descriptor = exercise.descriptor
            table.append([descriptor.shortName, descriptor.difficulty.rawValue, descriptor.title, "\(report.passedCount + report.notApplicableCount)/\(report.results.count)", descriptor.stubPath])
        }
        print(table.render())
        print("\nStart with an exercise's README (Exercises/<Name>/README.md), then `scalebench check <exercise>`.")
    }
}
