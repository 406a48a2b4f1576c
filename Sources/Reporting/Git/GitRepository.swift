import Foundation

/// The git repository results are filed under, driven through the `git` command line.
public struct GitRepository: Sendable {
    /// Any folder inside the repository's working tree.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The working tree's top folder (where `Results/` lives).
    public func topLevel() throws -> URL {
        URL(fileURLWithPath: try git(["rev-parse", "--show-toplevel"]), isDirectory: true)
    }

    /// Full sha of `HEAD`.
    public func headCommit() throws -> String {
        try resolve("HEAD")
    }

    /// True when tracked files changed or untracked (not ignored) files exist.
    public func isDirty() throws -> Bool {
        !(try git(["status", "--porcelain"])).isEmpty
    }

    /// The subject line of `commit`.
    public func subject(of commit: String) throws -> String {
        try git(["log", "-1", "--format=%s", commit])
    }

    /// What a result written now describes: HEAD, whether the tree is dirty, HEAD's subject.
    public func workingTreeRevision() throws -> RevisionInfo {
        let commit = try headCommit()
        return RevisionInfo(commit: commit, dirty: try isDirty(), subject: try subject(of: commit))
    }

    /// The full sha of any revision git understands (`HEAD~2`, a branch, a short sha).
    public func resolve(_ revision: String) throws -> String {
        guard !revision.isEmpty, !revision.hasPrefix("-") else { throw ReportingError.unknownRevision(revision) }
        let output = try runGit(["rev-parse", "--verify", "--quiet", revision + "^{commit}"])
        let sha = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard output.status == 0, !sha.isEmpty else {
            try requireRepository()
            throw ReportingError.unknownRevision(revision)
        }
        return sha
    }

    /// `commit` and its ancestors, newest first (`git rev-list`), at most `limit` of them.
    public func ancestry(of commit: String, limit: Int) throws -> [String] {
        let text = try git(["rev-list", "--max-count=\(max(1, limit))", commit])
        return text.split(separator: "\n").map(String.init)
    }

    /// Checks `commit` out, detached, into a new worktree at `path`.
    public func addWorktree(at path: URL, commit: String) throws {
        _ = try git(["worktree", "add", "--detach", "--quiet", path.path, commit])
    }

    /// Removes a worktree made by `addWorktree`, even with build products inside.
    public func removeWorktree(at path: URL) throws {
        _ = try git(["worktree", "remove", "--force", path.path])
    }

    /// Forgets worktrees whose folders are gone.
    public func pruneWorktrees() throws {
        _ = try git(["worktree", "prune"])
    }

    /// Paths of every worktree of the repository, the main one first.
    public func worktreePaths() throws -> [String] {
        try git(["worktree", "list", "--porcelain"])
            .split(separator: "\n")
            .filter { $0.hasPrefix("worktree ") }
            .map { String($0.dropFirst("worktree ".count)) }
    }

    /// Runs git and returns its trimmed stdout; a non-zero exit becomes a one-line error.
    func git(_ arguments: [String]) throws -> String {
        let output = try runGit(arguments)
        guard output.status == 0 else {
            try requireRepository()
            throw ReportingError(
                .gitFailed,
                "`git \(arguments.joined(separator: " "))` failed: \(output.firstErrorLine); fix the repository state and retry"
            )
        }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func runGit(_ arguments: [String]) throws -> ProcessOutput {
        do {
            return try ProcessRunner.run(["git", "-C", directory.path] + arguments, in: nil)
        } catch {
            throw ReportingError(.gitFailed, "cannot start git (\(error)); install git and make sure it is on PATH")
        }
    }

    private func requireRepository() throws {
        let output = try runGit(["rev-parse", "--git-dir"])
        if output.status != 0 {
            throw ReportingError(
                .notARepository,
                "\(directory.path) is not inside a git repository; run scalebench from the ScaleBench checkout (results are filed per commit)"
            )
        }
    }
}
