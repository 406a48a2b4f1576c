import Testing
@testable import ScaleBenchCLI

/// A cell that cannot be prepared is reported and skipped; the sweep's other cells still run.
@Suite struct PrepareFailureTests {
    struct Starved: Error, CustomStringConvertible {
        var description: String { "ReplicationError.leaseExpired: no primary took the write" }
    }

    @Test func aCellThatCannotStartCostsOnlyThatCell() async throws {
        let load = try LoadOptions.parse(["--duration", "20ms", "--warmup", "0", "--clients", "1,2,3"])
        var cells = try SyntheticPlan.cells(target: "noop", load: load, targetParameters: [])
        cells[1].prepare = { throw Starved() }
        let outcome = try await BenchExecutor(cells: cells, repetitions: 1).run { _ in }
        #expect(!outcome.interrupted)
        #expect(outcome.completed.count == 2)
        #expect(outcome.failedToPrepare.count == 1)
        #expect(outcome.failedToPrepare.first?.contains("leaseExpired") == true)
    }
}
