import ArgumentParser
import Foundation
@testable import Reporting
@testable import ScaleBenchCLI
import Testing

@Suite("compare: exit 0 without regression, 2 with one, 64 for the user's mistakes")
struct CompareCommandTests {
    @Test("equal results exit 0, explicitly and with the default revisions")
    func equal() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [990, 1_000, 1_010])
        defer { sandbox.remove() }
        let explicit = await CLI.run(["compare", "HEAD~1", "HEAD"] + sandbox.locationArguments)
        #expect(explicit.exitCode == 0, "\(explicit)")
        let defaults = await CLI.run(["compare"] + sandbox.locationArguments)
        #expect(defaults.exitCode == 0, "\(defaults)")
    }

    @Test("a 50% throughput drop with ranges apart exits 2 in every format")
    func regression() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        for format in ["text", "markdown", "csv"] {
            let outcome = await CLI.run(["compare", "HEAD~1", "HEAD", "--format", format] + sandbox.locationArguments)
            #expect(outcome.exitCode == 2, "\(format): \(outcome)")
        }
        let defaults = await CLI.run(["compare", "--suite", "user"] + sandbox.locationArguments)
        #expect(defaults.exitCode == 2, "\(defaults)")
    }

    @Test("--threshold reaches the verdicts: a 60% throughput threshold hides the 50% drop")
    func thresholdApplied() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        let loose = await CLI.run(["compare", "HEAD~1", "HEAD", "--threshold", "throughput=60"] + sandbox.locationArguments)
        #expect(loose.exitCode == 0, "\(loose)")
        let listed = await CLI.run(["compare", "HEAD~1", "HEAD", "--threshold", "p99=20,throughput=40"] + sandbox.locationArguments)
        #expect(listed.exitCode == 2, "\(listed)")
    }

    @Test("overlapping ranges are noise: a drop within them exits 0")
    func noise() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [500, 900, 1_000])
        defer { sandbox.remove() }
        let outcome = await CLI.run(["compare", "HEAD~1", "HEAD"] + sandbox.locationArguments)
        #expect(outcome.exitCode == 0, "\(outcome)")
    }

    @Test("unknown revisions, missing results, unknown suites and a folder that is no repository exit 64")
    func failures() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [1_000])
        defer { sandbox.remove() }
        let unknown = await CLI.run(["compare", "no-such-branch", "HEAD"] + sandbox.locationArguments)
        #expect(unknown.exitCode == 64, "\(unknown)")
        let unknownHead = await CLI.run(["compare", "HEAD", "no-such-branch"] + sandbox.locationArguments)
        #expect(unknownHead.exitCode == 64, "\(unknownHead)")
        try sandbox.commit("no results yet")
        let noResults = await CLI.run(["compare", "HEAD~1", "HEAD"] + sandbox.locationArguments)
        #expect(noResults.exitCode == 64, "\(noResults)")
        let otherSuite = await CLI.run(["compare", "HEAD~2", "HEAD~1", "--suite", "booking"] + sandbox.locationArguments)
        #expect(otherSuite.exitCode == 64, "\(otherSuite)")

        let notARepository = try TemporaryFolder("cli-not-a-repo")
        defer { notARepository.remove() }
        let outside = await CLI.run(["compare", "--repository", notARepository.path, "--results-dir", sandbox.results.path])
        // A --repository that is not one is the user's mistake, like an unknown revision.
        #expect(outside.exitCode == 64, "\(outside)")
    }

    @Test("the arguments after -- are the rerun's suite; BASE and HEAD stay positional")
    func rerunParsing() throws {
        let parsed = try ScaleBenchCommand.parseAsRoot(["compare", "--rerun", "main", "HEAD", "--runs", "3", "--", "bench", "user", "--duration", "1s"])
        let command = try #require(parsed as? CompareCommand)
        #expect(command.base == "main")
        #expect(command.head == "HEAD")
        #expect(command.runs == 3)
        #expect(command.suiteArguments == ["bench", "user", "--duration", "1s"])
    }

    @Test("ReportingError codes map to 64 for the user's mistakes and 1 otherwise")
    func exitCodes() {
        let usage: [ReportingError.Code] = [.unknownRevision, .noResults, .noCommonCells, .invalidOption]
        let other: [ReportingError.Code] = [.corruptFile, .newerSchema, .notARepository, .gitFailed, .writeFailed, .buildFailed, .runFailed]
        for code in usage { #expect(ReportingFailure.exitCode(for: ReportingError(code, "x")) == .validationFailure, "\(code)") }
        for code in other { #expect(ReportingFailure.exitCode(for: ReportingError(code, "x")) == .failure, "\(code)") }
    }

    @Test("the text rendering marks the regression and prints the different-machine note")
    func textRendering() throws {
        func set(_ label: String, _ throughputs: [Double], machine: MachineInfo) -> ResultSet {
            let cells = throughputs.enumerated().map { ResultCell(configuration: [("impl", "ring")], repetition: $0 + 1, result: ResultFixtures.runResult(throughput: $1)) }
            let file = ResultFile(
                suite: "user", revision: RevisionInfo(commit: String(repeating: "a", count: 40), dirty: false, subject: label),
                timestampUTC: "2025-01-01T00:00:00Z", machine: machine, toolchain: ResultFixtures.toolchain, seed: 42, cells: cells
            )
            return ResultSet(label: label, files: [StoredResult(url: URL(fileURLWithPath: "/nonexistent/\(label).json"), file: file)])
        }
        let otherMachine = MachineInfo(hostname: "bench-b", cpuModel: "Other CPU", coreCount: 16, memoryBytes: 64 << 30, operatingSystem: "Linux")
        let comparison = try ResultComparison(base: set("base", [990, 1_000, 1_010], machine: ResultFixtures.machine), head: set("head", [495, 500, 505], machine: otherMachine))
        let text = CompareText.render(comparison)
        #expect(text.contains("note: results come from different machines"))
        #expect(text.contains("-50.0% worse"))
        #expect(text.contains("Regressed:\n  user: impl=ring: throughput"))
        #expect(!text.contains("Improved:"))
    }
}
