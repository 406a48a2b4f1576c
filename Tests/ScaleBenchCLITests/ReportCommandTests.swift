import Foundation
@testable import Reporting
import Testing

@Suite("report and results: files written where asked, in the asked format")
struct ReportCommandTests {
    @Test("html: one page with inline SVG charts and the comparison with the ancestor")
    func html() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        let output = sandbox.results.url.appendingPathComponent("out/page.html")
        let outcome = await CLI.run(["report", "--output", output.path, "--history-metric", "throughput"] + sandbox.locationArguments)
        #expect(outcome.exitCode == 0, "\(outcome)")
        let html = try String(contentsOf: output, encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("Compared with"))
        #expect(html.contains("throughput across commits"))
    }

    @Test("without --output the report goes into the results folder; markdown and csv carry the numbers")
    func defaultPathsAndFormats() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        #expect(await CLI.run(["report"] + sandbox.locationArguments).exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: sandbox.results.url.appendingPathComponent("report.html").path))

        #expect(await CLI.run(["report", "HEAD~1", "--format", "markdown"] + sandbox.locationArguments).exitCode == 0)
        let markdown = try String(contentsOf: sandbox.results.url.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("# ScaleBench results"))
        #expect(markdown.contains("(base)"))

        #expect(await CLI.run(["report", "--format", "csv"] + sandbox.locationArguments).exitCode == 0)
        let csv = try String(contentsOf: sandbox.results.url.appendingPathComponent("report.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\r\n")
        #expect(rows.count == 4, "header plus one row per repetition")
        #expect(rows.dropFirst().allSatisfy { $0.contains(",495,") || $0.contains(",500,") || $0.contains(",505,") })
    }

    @Test("hgrm writes one percentile distribution per configuration into the folder")
    func hgrm() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        let folder = sandbox.results.url.appendingPathComponent("distributions", isDirectory: true)
        #expect(await CLI.run(["report", "--format", "hgrm", "--output", folder.path] + sandbox.locationArguments).exitCode == 0)
        let files = TemporaryFolder.files(under: folder)
        #expect(files == ["user/impl-ring.hgrm"])
        let text = try String(contentsOf: folder.appendingPathComponent("user/impl-ring.hgrm"), encoding: .utf8)
        #expect(text.contains("Percentile"))

        #expect(await CLI.run(["report", "--format", "hgrm"] + sandbox.locationArguments).exitCode == 0)
        let head = try sandbox.git.headCommit()
        let defaultFolder = sandbox.results.url.appendingPathComponent("hgrm-\(head.prefix(7))", isDirectory: true)
        #expect(TemporaryFolder.files(under: defaultFolder) == ["user/impl-ring.hgrm"])
    }

    @Test("report of an unknown revision or a base without results exits 64")
    func failures() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        #expect(await CLI.run(["report", "no-such-branch"] + sandbox.locationArguments).exitCode == 64)
        try sandbox.commit("no results")
        #expect(await CLI.run(["report", "HEAD"] + sandbox.locationArguments).exitCode == 64)
        #expect(await CLI.run(["report", "HEAD~1", "--base", "HEAD"] + sandbox.locationArguments).exitCode == 64)
        #expect(!FileManager.default.fileExists(atPath: sandbox.results.url.appendingPathComponent("report.html").path))
    }

    @Test("results lists the store and survives unreadable files")
    func results() async throws {
        let sandbox = try ResultsSandbox.twoCommits(headThroughputs: [495, 500, 505])
        defer { sandbox.remove() }
        #expect(await CLI.run(["results"] + sandbox.locationArguments).exitCode == 0)
        let head = try sandbox.git.headCommit()
        try Data("{ not json".utf8).write(to: sandbox.results.url.appendingPathComponent("\(head)/broken.json"))
        #expect(await CLI.run(["results"] + sandbox.locationArguments).exitCode == 0)
        let empty = try TemporaryFolder("cli-empty-results")
        defer { empty.remove() }
        #expect(await CLI.run(["results", "--results-dir", empty.path, "--repository", sandbox.repository.path]).exitCode == 0)
    }
}
