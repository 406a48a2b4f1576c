import Foundation
import Testing
@testable import Reporting

@Suite("Workspace: revisions, default base, history along git ancestry")
struct WorkspaceTests {
    /// Stores a result for `commit` with a single `impl=ring` cell of the given p99.
    @discardableResult
    static func record(
        _ repository: TemporaryGitRepository, commit: String, subject: String, p99Nanos: UInt64,
        dirty: Bool = false, timestamp: String, suite: String = "user"
    ) throws -> URL {
        try repository.store.write(Fixtures.file(
            suite: suite, commit: commit, dirty: dirty, subject: subject, timestamp: timestamp,
            cells: [Fixtures.cell([("impl", "ring")], Fixtures.run(throughput: 1_000, p99Nanos: p99Nanos))]
        ))
    }

    @Test("history follows git ancestry, not timestamps; other branches are left out; dirty follows clean")
    func historyOrder() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let first = try repository.commit("first")
        let second = try repository.commit("second")
        try repository.run(["checkout", "--quiet", "-b", "side"])
        let side = try repository.commit("side branch")
        try repository.run(["checkout", "--quiet", "main"])
        let third = try repository.commit("third")
        // Timestamps deliberately out of commit order.
        try Self.record(repository, commit: third, subject: "third", p99Nanos: 3_000, timestamp: "2025-01-01T00:00:00Z")
        try Self.record(repository, commit: first, subject: "first", p99Nanos: 1_000, timestamp: "2025-03-01T00:00:00Z")
        try Self.record(repository, commit: second, subject: "second", p99Nanos: 2_000, timestamp: "2025-02-01T00:00:00Z")
        try Self.record(repository, commit: second, subject: "second", p99Nanos: 2_500, dirty: true, timestamp: "2025-01-15T00:00:00Z")
        try Self.record(repository, commit: side, subject: "side branch", p99Nanos: 9_000, timestamp: "2025-04-01T00:00:00Z")

        let history = try repository.workspace.history()
        #expect(history.points.map(\.subject) == ["first", "second", "second", "third"])
        #expect(history.points.map(\.dirty) == [false, false, true, false])
        let key = CellKey(suite: "user", parameters: [CellParameter("impl", "ring")])
        #expect(history.medians(of: .latencyP99, for: key) == [1_000, 2_000, 2_500, 3_000])

        let sideHistory = try repository.workspace.history(upTo: "side")
        #expect(sideHistory.points.map(\.subject) == ["first", "second", "second", "side branch"])
        let limited = try repository.workspace.history(limit: 2)
        #expect(limited.points.map(\.subject) == ["second", "second", "third"])
    }

    @Test("default compare: HEAD's newest results against the nearest ancestor with results")
    func defaultBase() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let first = try repository.commit("first")
        let second = try repository.commit("second")
        _ = try repository.commit("no results here")
        let head = try repository.commit("head")
        try Self.record(repository, commit: first, subject: "first", p99Nanos: 1_000, timestamp: "2025-01-01T00:00:00Z")
        try Self.record(repository, commit: second, subject: "second", p99Nanos: 2_000, timestamp: "2025-01-02T00:00:00Z")
        try Self.record(repository, commit: second, subject: "second", p99Nanos: 2_100, timestamp: "2025-01-03T00:00:00Z")
        try Self.record(repository, commit: head, subject: "head", p99Nanos: 4_000, timestamp: "2025-01-04T00:00:00Z")

        let outcome = try repository.workspace.compare()
        #expect(outcome.comparison.base.label == String(second.prefix(7)))
        #expect(outcome.comparison.head.label == String(head.prefix(7)))
        // Newest file of the commit: 2.1 µs, not 2.0 µs.
        let p99 = try #require(outcome.comparison.cells.first?.metrics.first { $0.metric == .latencyP99 })
        #expect(p99.base.median == 2_100)
        #expect(outcome.decision == .regression)

        let explicit = try repository.workspace.compare(base: "HEAD~3", head: "HEAD")
        #expect(explicit.comparison.base.label == String(first.prefix(7)))
    }

    @Test("dirty head results compare against the same commit's clean results; REV-dirty selects dirty ones")
    func dirtyResults() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        _ = try repository.commit("first")
        let head = try repository.commit("head")
        try Self.record(repository, commit: head, subject: "head", p99Nanos: 1_000, timestamp: "2025-01-01T00:00:00Z")
        try Self.record(repository, commit: head, subject: "head", p99Nanos: 1_500, dirty: true, timestamp: "2025-01-02T00:00:00Z")
        let outcome = try repository.workspace.compare()
        #expect(outcome.comparison.head.label == "\(head.prefix(7))-dirty")
        #expect(outcome.comparison.base.label == String(head.prefix(7)))
        // An explicit revision means the commit's clean results; `-dirty` the uncommitted ones.
        #expect(try repository.workspace.select(revision: "HEAD").dirty == false)
        #expect(try repository.workspace.select(revision: "HEAD-dirty").dirty == true)
    }

    @Test("unknown revision, no results, no ancestor results: one-line errors that name the fix")
    func badRevisions() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let first = try repository.commit("first")
        _ = try repository.commit("second")

        let unknown = #expect(throws: ReportingError.self) { try repository.workspace.compare(base: "no-such-branch", head: "HEAD") }
        #expect(unknown?.code == .unknownRevision)
        #expect(unknown?.description.contains("'no-such-branch'") == true)
        #expect(unknown?.description.contains("git log") == true)
        #expect(throws: ReportingError.self) { try repository.workspace.select(revision: "--help") }

        let none = #expect(throws: ReportingError.self) { try repository.workspace.compare() }
        #expect(none?.code == .noResults)
        #expect(none?.description.contains("scalebench bench") == true)

        try Self.record(repository, commit: try repository.git.headCommit(), subject: "second", p99Nanos: 1, timestamp: "2025-01-01T00:00:00Z")
        let noAncestor = #expect(throws: ReportingError.self) { try repository.workspace.compare() }
        #expect(noAncestor?.code == .noResults)
        #expect(noAncestor?.description.contains("ancestor") == true)

        let wrongSuite = #expect(throws: ReportingError.self) { try repository.workspace.select(revision: nil, suite: "booking") }
        #expect(wrongSuite?.description.contains("suite booking") == true)

        for error in [unknown, none, noAncestor, wrongSuite] { #expect(error?.description.contains("\n") == false) }
        _ = first
    }

    @Test("unreadable files are skipped with warnings and the rest still compares")
    func warningsCarried() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let first = try repository.commit("first")
        let head = try repository.commit("head")
        try Self.record(repository, commit: first, subject: "first", p99Nanos: 1_000, timestamp: "2025-01-01T00:00:00Z")
        let good = try Self.record(repository, commit: head, subject: "head", p99Nanos: 1_000, timestamp: "2025-01-02T00:00:00Z")
        try Data("{\"schemaVersion\": 1, \"cells\": [".utf8).write(to: good.deletingLastPathComponent().appendingPathComponent("user-broken.json"))
        let outcome = try repository.workspace.compare()
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.description.contains("user-broken.json") == true)
        #expect(outcome.decision == .noRegression)
        #expect(repository.workspace.listing().warnings.count == 1)
    }

    @Test("report gathers results, history and a comparison with the default base")
    func reportDocument() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let first = try repository.commit("first")
        let head = try repository.commit("head")
        try Self.record(repository, commit: first, subject: "first", p99Nanos: 1_000, timestamp: "2025-01-01T00:00:00Z")
        try Self.record(repository, commit: head, subject: "head", p99Nanos: 1_000, timestamp: "2025-01-02T00:00:00Z")
        let document = try repository.workspace.report()
        #expect(document.history.points.count == 2)
        #expect(document.comparison?.base.label == String(first.prefix(7)))
        #expect(document.notes.isEmpty)

        let lonely = try TemporaryGitRepository()
        defer { lonely.remove() }
        let only = try lonely.commit("only")
        try Self.record(lonely, commit: only, subject: "only", p99Nanos: 1_000, timestamp: "2025-01-01T00:00:00Z")
        let solo = try lonely.workspace.report()
        #expect(solo.comparison == nil)
        #expect(solo.notes.first?.contains("No comparison") == true)
    }

    @Test("record stamps the working tree's commit, dirty flag and subject")
    func recordWorkingTree() throws {
        let repository = try TemporaryGitRepository()
        defer { repository.remove() }
        let head = try repository.commit("the subject")
        let url = try repository.workspace.record(
            suite: "user", seed: 9, cells: [Fixtures.cell([("impl", "ring")], Fixtures.runResult())],
            toolchain: Fixtures.toolchain, machine: Fixtures.machine
        )
        let file = try repository.store.load(fileAt: url)
        #expect(file.commit == head && file.dirty == false && file.commitSubject == "the subject")
        try "edit".write(to: repository.url.appendingPathComponent("log.txt"), atomically: true, encoding: .utf8)
        #expect(try repository.git.workingTreeRevision().dirty)
        let notRepository = try TemporaryDirectory()
        defer { notRepository.remove() }
        let error = #expect(throws: ReportingError.self) { try GitRepository(directory: notRepository.url).headCommit() }
        #expect(error?.code == .notARepository)
    }
}
