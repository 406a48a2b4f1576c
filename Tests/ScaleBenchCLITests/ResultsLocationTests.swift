import Foundation
import Testing

@Suite("Results location: a folder or repository that cannot be used stops before anything runs")
struct ResultsLocationTests {
    @Test("bench with an unwritable --results-dir exits 64 and runs nothing")
    func benchRefusesAnUnwritableResultsFolder() async throws {
        let sandbox = try ResultsSandbox()
        defer { sandbox.remove() }
        // A file where the folder should be: nothing can be created below it.
        let blocker = sandbox.results.url.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let outcome = await CLI.run([
            "bench", "noop", "--duration", "10ms", "--warmup", "0",
            "--repository", sandbox.repository.path, "--results-dir", blocker.appendingPathComponent("results").path,
        ])
        #expect(outcome.exitCode == 64, "\(outcome)")
        #expect(outcome.message.contains("--results-dir"))
        #expect(sandbox.results.files() == ["blocker"])
    }

    @Test("bench with a --repository that is not a git repository exits 64")
    func benchRefusesANonRepository() async throws {
        let folder = try TemporaryFolder("not-git")
        defer { folder.remove() }
        let outcome = await CLI.run(["bench", "noop", "--duration", "10ms", "--warmup", "0", "--repository", folder.path, "--results-dir", folder.path])
        #expect(outcome.exitCode == 64, "\(outcome)")
        #expect(outcome.message.contains("git repository"))
        #expect(folder.files().isEmpty)
    }

    @Test("results, compare and report with a missing --results-dir exit 64 naming it")
    func readersRefuseAMissingResultsFolder() async throws {
        let sandbox = try ResultsSandbox()
        defer { sandbox.remove() }
        let missing = sandbox.results.url.appendingPathComponent("nonexistent").path
        for command in [["results"], ["compare", "HEAD", "HEAD"], ["report"]] {
            let outcome = await CLI.run(command + ["--repository", sandbox.repository.path, "--results-dir", missing])
            #expect(outcome.exitCode == 64, "\(command): \(outcome)")
            #expect(outcome.message.contains("nonexistent"), "\(command): \(outcome)")
        }
    }

    @Test("report --scale-by with an unknown parameter and an unwritable --output exit 64")
    func reportRefusesBadScaleByAndOutput() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        let scaleBy = await CLI.run(["report", "--scale-by", "nosuch"] + sandbox.locationArguments)
        #expect(scaleBy.exitCode == 64, "\(scaleBy)")
        // Reporting errors print their line on stderr and leave with the exit code alone.
        let blocker = sandbox.results.url.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let output = await CLI.run(["report", "--output", blocker.appendingPathComponent("page.html").path] + sandbox.locationArguments)
        #expect(output.exitCode == 64, "\(output)")
    }
}
