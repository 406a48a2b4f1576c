import Foundation
import Testing
@testable import Reporting
import ScaleCore

/// Stands in for `swift build` + `scalebench bench`: writes a result file into the checkout's own
/// `Results/` for the commit the checkout is really at, with throughput chosen per side.
final class RecordingExecutor: RerunExecutor {
    /// Guards `calls`; the executor is called from one thread but must be Sendable.
    let calls = Locked<[String]>([])
    let throughputBySide: [String: Double]
    let failOnRun: Int?

    init(throughputBySide: [String: Double], failOnRun: Int? = nil) {
        self.throughputBySide = throughputBySide
        self.failOnRun = failOnRun
    }

    func build(checkout: URL) throws -> URL {
        calls.withLock { $0.append("build \(checkout.lastPathComponent)") }
        return checkout.appendingPathComponent("scalebench")
    }

    func run(executable: URL, checkout: URL, arguments: [String]) throws -> [URL] {
        let side = checkout.lastPathComponent
        let runIndex = calls.withLock { calls in
            calls.append("run \(side) \(arguments.joined(separator: " "))")
            return calls.filter { $0.hasPrefix("run") }.count
        }
        if runIndex == failOnRun { throw ReportingError(.runFailed, "injected failure") }
        // The checkout's HEAD proves the worktree holds the requested revision.
        let revision = try GitRepository(directory: checkout).workingTreeRevision()
        let store = ResultStore(root: checkout.appendingPathComponent("Results"))
        let throughput = (throughputBySide[side] ?? 1_000) + Double(runIndex)
        let file = Fixtures.file(
            commit: revision.commit, dirty: revision.dirty, subject: revision.subject,
            timestamp: String(format: "2025-01-01T00:00:%02dZ", runIndex),
            cells: [Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: throughput, p99Nanos: 5_000))]
        )
        return [try store.write(file)]
    }

    var recordedCalls: [String] { calls.withLock { $0 } }
}

@Suite("compare --rerun: worktrees, alternation, cleanup")
struct RerunTests {
    @Test("the plan alternates base and head, starting with base")
    func plan() {
        #expect(RerunPlan.alternating(runsPerSide: 3).steps == [.base, .head, .base, .head, .base, .head])
        #expect(RerunPlan.alternating(runsPerSide: 0).steps.isEmpty)
    }

    @Test("checks both revisions out, builds each once, runs A B A B..., stores the results, removes the worktrees")
    func rerunEndToEnd() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let base = try repository.commit("base")
        let head = try repository.commit("head")
        let executor = RecordingExecutor(throughputBySide: ["base": 2_000, "head": 1_000])
        var messages: [String] = []
        let outcome = try repository.workspace.compareByRerunning(
            RerunRequest(base: "HEAD~1", head: "HEAD", suiteArguments: ["bench", "user"], runsPerSide: 5),
            executor: executor, progress: { messages.append($0) }
        )
        let expectedRuns = Array(repeating: ["run base bench user", "run head bench user"], count: 5).flatMap { $0 }
        #expect(executor.recordedCalls == ["build base", "build head"] + expectedRuns)
        // Each side's runs became its repetitions; 5 per side means the rank test decided.
        let throughput = try #require(outcome.comparison.cells.first?.metrics.first { $0.metric == .throughput })
        #expect(throughput.base.count == 5 && throughput.head.count == 5)
        guard case .rankTest(let test, _) = throughput.noise else { Issue.record("expected the rank test"); return }
        #expect(test.pValue < 0.05)
        #expect(outcome.decision == .regression)
        // Every run is kept in this repository's Results/, under the commit it measured.
        #expect(outcome.recordedFiles.count == 10)
        let scan = repository.store.scan()
        #expect(scan.results.filter { $0.file.commit == base }.count == 5)
        #expect(scan.results.filter { $0.file.commit == head }.count == 5)
        #expect(try repository.git.worktreePaths().count == 1)
        #expect(messages.contains { $0.contains("run 10 of 10") })
        let scratch = try #require(messages.first { $0.contains("checking out base") }?.split(separator: " ").last)
        #expect(!FileManager.default.fileExists(atPath: String(scratch)))
    }

    @Test("a failing run still removes the worktrees; bad input fails before any checkout")
    func cleanupOnFailure() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        _ = try repository.commit("base")
        _ = try repository.commit("head")
        let failing = RecordingExecutor(throughputBySide: [:], failOnRun: 3)
        let error = #expect(throws: ReportingError.self) {
            try repository.workspace.compareByRerunning(
                RerunRequest(base: "HEAD~1", head: "HEAD", suiteArguments: ["bench"], runsPerSide: 2), executor: failing
            )
        }
        #expect(error?.message == "injected failure")
        #expect(try repository.git.worktreePaths().count == 1)

        let unused = RecordingExecutor(throughputBySide: [:])
        let unknown = #expect(throws: ReportingError.self) {
            try repository.workspace.compareByRerunning(RerunRequest(base: "nope", head: "HEAD", suiteArguments: []), executor: unused)
        }
        #expect(unknown?.code == .unknownRevision)
        #expect(throws: ReportingError.self) {
            try repository.workspace.compareByRerunning(RerunRequest(base: "HEAD", head: "HEAD", suiteArguments: [], runsPerSide: 0), executor: unused)
        }
        #expect(unused.recordedCalls.isEmpty)
    }

    @Test("the real executor runs a program in the checkout and collects only the result files it wrote")
    func releaseExecutorRun() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let results = temp.url.appendingPathComponent("Results/abc")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: results.appendingPathComponent("old.json"))
        // Run through /bin/sh: exec'ing a just-written script can fail with ETXTBSY while other tests fork.
        let shell = URL(fileURLWithPath: "/bin/sh")
        let script = temp.url.appendingPathComponent("fake-scalebench.sh")
        try "echo \"$@\" > Results/abc/new-$1.json\n".write(to: script, atomically: true, encoding: .utf8)
        let executor = ReleaseBuildExecutor(showsOutput: false)
        let written = try executor.run(executable: shell, checkout: temp.url, arguments: [script.path, "bench", "user"])
        #expect(written.map(\.lastPathComponent) == ["new-bench.json"])
        #expect(try String(contentsOf: written[0], encoding: .utf8) == "bench user\n")

        let failing = temp.url.appendingPathComponent("fail.sh")
        try "echo 'no such suite' >&2\nexit 3\n".write(to: failing, atomically: true, encoding: .utf8)
        let error = #expect(throws: ReportingError.self) { try executor.run(executable: shell, checkout: temp.url, arguments: [failing.path, "bench"]) }
        #expect(error?.code == .runFailed)
        #expect(error?.description.contains("no such suite") == true, "\(String(describing: error))")
    }
}
