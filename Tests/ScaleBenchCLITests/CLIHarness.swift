import ArgumentParser
import Foundation
import Histogram
import LoadGenerator
@testable import Reporting
import ScaleBenchCLI

/// Runs `scalebench` in-process the way the executable does and reports how it ended.
enum CLI {
    /// Exit code and `message(for:)` of the error (empty on success).
    struct Outcome: Sendable, CustomStringConvertible {
        var exitCode: Int32
        var message: String
        var description: String { "exit \(exitCode): \(message)" }
    }

    static func run(_ arguments: [String]) async -> Outcome {
        do {
            var command = try ScaleBenchCommand.parseAsRootJoiningNegativeValues(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return Outcome(exitCode: 0, message: "")
        } catch {
            return Outcome(exitCode: ScaleBenchCommand.exitCode(for: error).rawValue, message: ScaleBenchCommand.message(for: error))
        }
    }
}

/// A fresh folder under the system temp folder, removed by `remove()`.
struct TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init(_ prefix: String = "cli-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Every file below the folder, as paths relative to it, sorted.
    func files() -> [String] {
        Self.files(under: url)
    }

    /// Every file below `folder`, as paths relative to it, sorted.
    static func files(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}

/// A throwaway git repository with a results folder beside it (never inside the project).
struct ResultsSandbox {
    let repository: TemporaryFolder
    let results: TemporaryFolder
    var store: ResultStore { ResultStore(root: results.url) }
    var git: GitRepository { GitRepository(directory: repository.url) }
    /// `--repository <repo> --results-dir <results>`, for every command that reads or writes results.
    var locationArguments: [String] { ["--repository", repository.path, "--results-dir", results.path] }

    init() throws {
        repository = try TemporaryFolder("cli-git")
        results = try TemporaryFolder("cli-results")
        try git(["init", "--quiet", "--initial-branch=main"])
    }

    /// Commits `base` and `head` with `user` results: base at about 1000 ops/s, head at `headThroughputs`.
    static func twoCommits(headThroughputs: [Double]) throws -> ResultsSandbox {
        let sandbox = try ResultsSandbox()
        let base = try sandbox.commit("base")
        let head = try sandbox.commit("head")
        try sandbox.record(commit: base, subject: "base", throughputs: [990, 1_000, 1_010], timestamp: "2025-01-01T00:00:00Z")
        try sandbox.record(commit: head, subject: "head", throughputs: headThroughputs, timestamp: "2025-01-02T00:00:00Z")
        return sandbox
    }

    /// Commits a change and returns the new commit's sha.
    @discardableResult
    func commit(_ subject: String) throws -> String {
        let file = repository.url.appendingPathComponent("log.txt")
        let previous = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        try (previous + subject + "\n").write(to: file, atomically: true, encoding: .utf8)
        try git(["add", "-A"])
        try git(["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", subject])
        return try git.headCommit()
    }

    /// Stores a `user` result of `commit`: one `impl=ring` cell per throughput, as repetitions.
    @discardableResult
    func record(commit: String, subject: String, throughputs: [Double], timestamp: String) throws -> URL {
        let cells = throughputs.enumerated().map { index, throughput in
            ResultCell(configuration: [("impl", "ring")], repetition: index + 1, result: ResultFixtures.runResult(throughput: throughput))
        }
        let file = ResultFile(
            suite: "user", revision: RevisionInfo(commit: commit, dirty: false, subject: subject), timestampUTC: timestamp,
            machine: ResultFixtures.machine, toolchain: ResultFixtures.toolchain, seed: 42, cells: cells
        )
        return try store.write(file)
    }

    func git(_ arguments: [String]) throws {
        let output = try ProcessRunner.run(["git", "-C", repository.path] + arguments, in: nil)
        guard output.status == 0 else { throw ReportingError(.gitFailed, "git \(arguments): \(output.stderr)") }
    }

    func remove() {
        repository.remove()
        results.remove()
    }
}

/// Hand-built run results.
enum ResultFixtures {
    static let machine = MachineInfo(hostname: "bench-a", cpuModel: "Test CPU", coreCount: 2, memoryBytes: 8 << 30, operatingSystem: "Linux")
    static let toolchain = ToolchainInfo(swiftVersion: "Swift version 6.3", buildConfiguration: "release")

    /// A run with the given throughput and fixed latencies (so only throughput differs between runs).
    static func runResult(throughput: Double) -> RunResult {
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        for value: UInt64 in [1_000, 2_000, 3_000, 50_000] { _ = histogram.record(value) }
        let stats = OperationStats(
            count: histogram.totalCount, errorsByKind: [:], throughputOpsPerSec: throughput, latency: LatencySummary(histogram),
            serviceTime: nil, latencyHistogram: EncodedHistogram(histogram), serviceTimeHistogram: nil
        )
        return RunResult(
            configuration: RunConfiguration(workload: Workload(mix: .single("get"), keyCount: 1_000, seed: 7)),
            elapsedNanos: 1_000_000_000, overall: stats, operations: ["get": stats],
            timeline: [TimelinePoint(startNanos: 0, operations: 4, errors: 0, throughputOpsPerSec: throughput, p50Nanos: 2_000, p99Nanos: 50_000)],
            memory: MemoryStats(allocatedBytes: 1 << 20, residentBytes: nil), scheduleLag: nil, targetMetrics: [:]
        )
    }
}
