import Foundation

/// One `scalebench bench` run as stored in `Results/<commit>[-dirty]/<suite>-<UTC timestamp>.json`.
///
/// Everything needed to compare the run later lives in the file: the commit it measured, the
/// machine and toolchain, the seed, and every cell's configuration with its full `RunResult`
/// (histograms included, so percentiles can be recomputed and merged).
public struct ResultFile: Sendable, Hashable, Codable {
    /// The schema this scalebench writes; files with a larger version are refused with a clear message.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The suite that ran, e.g. `user` or `default`.
    public var suite: String
    /// Full sha of the commit the working tree was at.
    public var commit: String
    /// True when the working tree had uncommitted changes, so the results are not the commit's alone.
    public var dirty: Bool
    /// The commit's subject line, kept so history charts need no git.
    public var commitSubject: String
    /// When the run finished, ISO 8601 in UTC (`2025-05-01T12:00:00Z`).
    public var timestampUTC: String
    public var machine: MachineInfo
    public var toolchain: ToolchainInfo
    /// The seed every cell's workload derives from; replays the run.
    public var seed: UInt64
    /// The measured cells, repetitions included, in run order.
    public var cells: [ResultCell]
    /// Per suite cell (`suite` parameter value), each parameter's default: what a cell of an older
    /// file that lacks the parameter (a knob added since) ran with, so `compare` still matches it.
    /// Absent in files written before it existed.
    public var parameterDefaults: [String: [String: String]]?

    public init(
        suite: String,
        revision: RevisionInfo,
        timestampUTC: String,
        machine: MachineInfo,
        toolchain: ToolchainInfo,
        seed: UInt64,
        cells: [ResultCell]
    ) {
        schemaVersion = ResultFile.currentSchemaVersion
        self.suite = suite
        commit = revision.commit
        dirty = revision.dirty
        commitSubject = revision.subject
        self.timestampUTC = timestampUTC
        self.machine = machine
        self.toolchain = toolchain
        self.seed = seed
        self.cells = cells
    }

    /// A file stamped with `date` (whole seconds, UTC).
    public init(
        suite: String,
        revision: RevisionInfo,
        date: Date,
        machine: MachineInfo,
        toolchain: ToolchainInfo,
        seed: UInt64,
        cells: [ResultCell]
    ) {
        self.init(
            suite: suite, revision: revision, timestampUTC: UTCTimestamp.iso8601(date),
            machine: machine, toolchain: toolchain, seed: seed, cells: cells
        )
    }

    /// `<commit>` or `<commit>-dirty`: the folder under `Results/` this file belongs in.
    public var directoryName: String { CommitDirectory(commit: commit, dirty: dirty).name }

    /// `abc1234` or `abc1234-dirty`, for tables and messages.
    public var shortLabel: String { CommitDirectory(commit: commit, dirty: dirty).shortLabel }
}

/// The commit a run measured.
public struct RevisionInfo: Sendable, Hashable, Codable {
    /// Full sha.
    public var commit: String
    /// Uncommitted changes were present.
    public var dirty: Bool
    public var subject: String

    public init(commit: String, dirty: Bool, subject: String) {
        self.commit = commit
        self.dirty = dirty
        self.subject = subject
    }
}

/// The swift toolchain and build configuration a run was built with.
public struct ToolchainInfo: Sendable, Hashable, Codable {
    /// First line of `swift --version`, e.g. `Swift version 6.3.1 (swift-6.3.1-RELEASE)`.
    public var swiftVersion: String
    /// `release` or `debug`.
    public var buildConfiguration: String

    public init(swiftVersion: String, buildConfiguration: String) {
        self.swiftVersion = swiftVersion
        self.buildConfiguration = buildConfiguration
    }

    /// This build: `swift --version` plus the configuration this package was compiled in (the whole
    /// package builds in one configuration, so this module's is the executable's).
    public static func current() -> ToolchainInfo {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        return ToolchainInfo(swiftVersion: detectSwiftVersion(), buildConfiguration: configuration)
    }

    /// Runs `swift --version` (~0.1 s) and returns its first line, or `unknown` when swift is not on PATH.
    public static func detectSwiftVersion() -> String {
        guard let output = try? ProcessRunner.run(["swift", "--version"], in: nil), output.status == 0 else {
            return "unknown"
        }
        let text = output.stdout.isEmpty ? output.stderr : output.stdout
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? ""
        return firstLine.isEmpty ? "unknown" : firstLine
    }

    /// `Swift 6.3.1, release`.
    public var summary: String { "\(swiftVersion), \(buildConfiguration)" }
}
