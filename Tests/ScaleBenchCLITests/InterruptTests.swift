import ArgumentParser
import Testing
@testable import ScaleBenchCLI

@Suite("Ctrl-C: the running cell finishes and is kept, no further cell starts")
struct InterruptTests {
    @Test("a stop requested during the first cell keeps that cell whole and runs no other")
    func stopAfterTheRunningCell() async throws {
        let load = try LoadOptions.parse(["--duration", "20ms", "--warmup", "0", "--clients", "1,2,3"])
        let cells = try SyntheticPlan.cells(target: "noop", load: load, targetParameters: [])
        #expect(cells.count == 3)
        var checks = 0
        // The executor asks before each cell: answering "stop" the second time is a Ctrl-C during the first.
        let outcome = try await BenchExecutor(cells: cells, repetitions: 1).run(
            stopRequested: {
                checks += 1
                return checks >= 2
            }
        ) { _ in }
        #expect(outcome.interrupted)
        #expect(outcome.completed.count == 1)
        let result = try #require(outcome.completed.first).result
        // A cancelled run throws and leaves no result; this one returned its cell with its operations.
        #expect(result.overall.count > 0)
    }

    @Test("an interrupted bench leaves with 130, as shells expect of SIGINT")
    func exitCode() {
        #expect(Interrupts.exitCode == 130)
        #expect(ScaleBenchCommand.exitCode(for: ExitCode(Interrupts.exitCode)).rawValue == 130)
    }
}
