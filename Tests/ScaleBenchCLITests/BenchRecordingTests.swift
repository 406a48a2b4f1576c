import Foundation
import Reporting
import Testing

@Suite("bench end to end: a short run stores its result file for the repository's commit")
struct BenchRecordingTests {
    @Test("bench noop writes one result file under <results-dir>/<commit>/ with the cell it ran")
    func benchWritesResults() async throws {
        let sandbox = try ResultsSandbox()
        defer { sandbox.remove() }
        let commit = try sandbox.commit("bench here")
        let outcome = await CLI.run(["bench", "noop", "--duration", "200ms", "--warmup", "0", "--clients", "2"] + sandbox.locationArguments)
        #expect(outcome.exitCode == 0, "\(outcome)")

        let files = sandbox.results.files()
        #expect(files.count == 1, "\(files)")
        let name = try #require(files.first)
        #expect(name.hasPrefix("\(commit)/noop-") && name.hasSuffix(".json"))
        let file = try sandbox.store.load(fileAt: sandbox.results.url.appendingPathComponent(name))
        #expect(file.commit == commit)
        #expect(!file.dirty)
        #expect(file.suite == "noop")
        #expect(file.cells.count == 1)
        #expect(file.cells.first?.parameters.contains(CellParameter("clients", "2")) == true)
        #expect((file.cells.first?.result.overall.count ?? 0) > 0)

        // The stored run is what `results` and `compare` then see.
        #expect(await CLI.run(["results"] + sandbox.locationArguments).exitCode == 0)
        let compare = await CLI.run(["compare", "HEAD", "HEAD"] + sandbox.locationArguments)
        #expect(compare.exitCode == 0, "\(compare)")
    }
}
