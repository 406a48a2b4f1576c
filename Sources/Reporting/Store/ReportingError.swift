/// Why a results, compare or report operation failed.
///
/// `description` is always one line that says what went wrong and how to fix it, so the CLI
/// can print it as is and exit.
public struct ReportingError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The kind of failure, stable for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// A revision git cannot resolve to a commit.
        case unknownRevision
        /// A commit without readable results.
        case noResults
        /// A result file that is not complete JSON of the result schema.
        case corruptFile
        /// A result file written by a newer scalebench.
        case newerSchema
        /// Two result sets without a single cell of the same suite and configuration.
        case noCommonCells
        /// The folder is not inside a git repository.
        case notARepository
        /// A git command failed for another reason.
        case gitFailed
        /// A result or report file could not be written.
        case writeFailed
        /// `swift build` failed in a rerun checkout.
        case buildFailed
        /// A benchmark run in a rerun checkout failed or wrote no result.
        case runFailed
        /// An option value the operation cannot use.
        case invalidOption
    }

    public var code: Code
    /// One line: what happened and the fix.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = ReportingError.oneLine(message)
    }

    public var description: String { message }

    /// Collapses newlines and runs of spaces, and cuts very long text, so messages stay one line.
    static func oneLine(_ text: String, limit: Int = 400) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        let joined = words.joined(separator: " ")
        return joined.count <= limit ? joined : String(joined.prefix(limit)) + "…"
    }
}

extension ReportingError {
    static func unknownRevision(_ revision: String) -> ReportingError {
        ReportingError(
            .unknownRevision,
            "unknown revision '\(revision)': git knows no such commit here; pass a branch, tag or commit sha (see `git log`, or `scalebench results` for commits with results)"
        )
    }

    static func noResults(for label: String, skippedFileCount: Int) -> ReportingError {
        let skipped = skippedFileCount == 0 ? "" : " (\(skippedFileCount) unreadable file(s) skipped, see the warnings above)"
        return ReportingError(
            .noResults,
            "no results for \(label)\(skipped); run `scalebench bench <suite>` on that commit first, or use `scalebench compare --rerun` to build and run both revisions"
        )
    }

    static func corruptFile(_ path: String, reason: String) -> ReportingError {
        ReportingError(
            .corruptFile,
            "\(path) is not a complete result file (\(reason)); delete it and run `scalebench bench` again"
        )
    }

    static func newerSchema(_ path: String, version: Int) -> ReportingError {
        ReportingError(
            .newerSchema,
            "\(path) has result schema version \(version) but this scalebench reads up to \(ResultFile.currentSchemaVersion); update scalebench (git pull && make build) to read it"
        )
    }

    static func noCommonCells(base: String, head: String) -> ReportingError {
        ReportingError(
            .noCommonCells,
            "\(base) and \(head) have no cell with the same suite and configuration; run the same suite with the same parameters on both (`scalebench results` shows what each has)"
        )
    }
}
