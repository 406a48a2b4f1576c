import Foundation
import Histogram
import LoadGenerator
@testable import Reporting

/// Hand-built run results and result files for tests.
enum Fixtures {
    static let machine = MachineInfo(hostname: "bench-a", cpuModel: "Test CPU 3000", coreCount: 2, memoryBytes: 8 << 30, operatingSystem: "Debian GNU/Linux 12")
    static let otherMachine = MachineInfo(hostname: "bench-b", cpuModel: "Other CPU", coreCount: 16, memoryBytes: 64 << 30, operatingSystem: "Ubuntu 24.04")
    static let toolchain = ToolchainInfo(swiftVersion: "Swift version 6.3.1 (swift-6.3.1-RELEASE)", buildConfiguration: "release")

    static let configuration = RunConfiguration(workload: Workload(mix: .single("get"), keyCount: 1_000, seed: 7))

    /// A run whose latencies are `latencyNanos` (one recorded value each) and whose headline figures are given.
    static func runResult(
        throughput: Double = 1_000,
        latencyNanos: [UInt64] = [1_000, 2_000, 3_000, 50_000],
        errors: UInt64 = 0,
        allocatedBytes: UInt64? = 1 << 20,
        serviceTimeNanos: [UInt64]? = nil
    ) -> RunResult {
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        for value in latencyNanos { _ = histogram.record(value) }
        var service: Histogram<UInt64>?
        if let serviceTimeNanos {
            var serviceHistogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
            serviceHistogram.autoResize = true
            for value in serviceTimeNanos { _ = serviceHistogram.record(value) }
            service = serviceHistogram
        }
        let stats = OperationStats(
            count: UInt64(latencyNanos.count), errorsByKind: errors == 0 ? [:] : ["timeout": errors],
            throughputOpsPerSec: throughput, latency: LatencySummary(histogram), serviceTime: service.map(LatencySummary.init),
            latencyHistogram: EncodedHistogram(histogram), serviceTimeHistogram: service.map(EncodedHistogram.init)
        )
        return RunResult(
            configuration: configuration, elapsedNanos: 1_000_000_000, overall: stats, operations: ["get": stats],
            timeline: [TimelinePoint(startNanos: 0, operations: 4, errors: errors, throughputOpsPerSec: throughput, p50Nanos: 2_000, p99Nanos: 50_000)],
            memory: MemoryStats(allocatedBytes: allocatedBytes, residentBytes: nil), scheduleLag: nil,
            targetMetrics: ["messagesPerOp": 1.5]
        )
    }

    /// A run with a given p99 (all latencies equal to it) and throughput.
    static func run(throughput: Double, p99Nanos: UInt64, errors: UInt64 = 0) -> RunResult {
        runResult(throughput: throughput, latencyNanos: [p99Nanos], errors: errors)
    }

    static func cell(_ parameters: [(String, String)], repetition: Int? = nil, _ result: RunResult) -> ResultCell {
        ResultCell(configuration: parameters, repetition: repetition, result: result)
    }

    static func file(
        suite: String = "user",
        commit: String = String(repeating: "a", count: 40),
        dirty: Bool = false,
        subject: String = "Add ring sharding",
        timestamp: String = "2025-05-01T12:00:00Z",
        machine: MachineInfo = Fixtures.machine,
        toolchain: ToolchainInfo = Fixtures.toolchain,
        cells: [ResultCell]
    ) -> ResultFile {
        ResultFile(
            suite: suite, revision: RevisionInfo(commit: commit, dirty: dirty, subject: subject), timestampUTC: timestamp,
            machine: machine, toolchain: toolchain, seed: 42, cells: cells
        )
    }

    static func stored(_ file: ResultFile, name: String = "x.json") -> StoredResult {
        StoredResult(url: URL(fileURLWithPath: "/nonexistent/\(file.directoryName)/\(name)"), file: file)
    }

    /// A result set of one suite with `repetitions` cells per configuration.
    static func set(_ label: String, cells: [ResultCell], suite: String = "user", machine: MachineInfo = Fixtures.machine, toolchain: ToolchainInfo = Fixtures.toolchain) -> ResultSet {
        ResultSet(label: label, files: [stored(file(suite: suite, machine: machine, toolchain: toolchain, cells: cells))])
    }
}

/// A fresh folder under the system temp folder, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init(_ prefix: String = "reporting-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// Every file below the folder, hidden ones included, as paths relative to it.
    func allFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}

/// A throwaway git repository with commits made by the tests.
struct TemporaryGitRepository {
    let directory: TemporaryDirectory
    var url: URL { directory.url }
    var git: GitRepository { GitRepository(directory: url) }
    var store: ResultStore { ResultStore(root: url.appendingPathComponent("Results", isDirectory: true)) }
    var workspace: ResultsWorkspace { ResultsWorkspace(store: store, git: git) }

    init() throws {
        directory = try TemporaryDirectory("reporting-git")
        try run(["init", "--quiet", "--initial-branch=main"])
        try "Results/*\n".write(to: url.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
    }

    /// Commits a change to a file and returns the new commit's sha.
    @discardableResult
    func commit(_ subject: String) throws -> String {
        let file = url.appendingPathComponent("log.txt")
        let previous = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        try (previous + subject + "\n").write(to: file, atomically: true, encoding: .utf8)
        try run(["add", "-A"])
        try run(["-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", subject])
        return try git.headCommit()
    }

    func run(_ arguments: [String]) throws {
        let output = try ProcessRunner.run(["git", "-C", url.path] + arguments, in: nil)
        guard output.status == 0 else { throw ReportingError(.gitFailed, "git \(arguments): \(output.stderr)") }
    }

    func remove() {
        // Worktrees a test forgot would keep git metadata elsewhere; prune before deleting.
        try? git.pruneWorktrees()
        directory.remove()
    }
}
