import Foundation

/// The results of a repository: its `Results/` store plus git, for choosing results by revision.
///
/// Each CLI command maps to one method: `scalebench results` → `listing()`, `scalebench compare`
/// → `compare(base:head:suite:options:)`, `compare --rerun` → `compareByRerunning(_:executor:progress:)`,
/// `scalebench report` → `report(revision:suite:options:)`.
public struct ResultsWorkspace: Sendable {
    public var store: ResultStore
    public var git: GitRepository

    public init(store: ResultStore, git: GitRepository) {
        self.store = store
        self.git = git
    }

    /// The repository containing `directory`, with its store at `<top level>/Results`.
    public init(repositoryDirectory directory: URL) throws {
        let git = GitRepository(directory: directory)
        let top = try git.topLevel()
        self.init(store: ResultStore(root: top.appendingPathComponent("Results", isDirectory: true)), git: git)
    }

    /// Writes one run's results for the working tree's current commit (what `scalebench bench` calls).
    @discardableResult
    public func record(
        suite: String,
        seed: UInt64,
        cells: [ResultCell],
        toolchain: ToolchainInfo = .current(),
        machine: MachineInfo = .current(),
        date: Date = Date()
    ) throws -> URL {
        let file = ResultFile(
            suite: suite, revision: try git.workingTreeRevision(), date: date,
            machine: machine, toolchain: toolchain, seed: seed, cells: cells
        )
        return try store.write(file)
    }

    /// What the store holds, newest first (`scalebench results`).
    public func listing() -> ResultListing {
        ResultListing(scan: store.scan(detail: .metricsOnly))
    }
}
