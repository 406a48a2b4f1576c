import LoadGenerator
import Testing
@testable import ScaleBenchCLI

@Suite("The bench table: completed ops/s, open-loop columns and the saturation warning, an honest status line")
struct BenchTableTests {
    @Test("open-loop sweeps show offered rate, service time and lag; a saturated schedule is flagged")
    func openLoopColumnsAndWarning() async throws {
        let configuration = RunConfiguration(
            workload: Workload(mix: .single("op"), keyCount: 10, durationNanos: 200_000_000, warmupNanos: 0, seed: 1),
            mode: .open(ratePerSecond: 20_000), threadCount: 1, clientCount: 2
        )
        let result = try await runLoad(DelayTarget(latency: .constant(nanos: 1_000_000)), configuration: configuration)
        let table = BenchTable(labelWidth: 4, showsSchedule: true)
        #expect(table.header.contains("offered") && table.header.contains("svc p99") && table.header.contains("lag p99"))
        #expect(table.row(label: "cell", result: result).contains("20.0k/s"))
        let warning = try #require(BenchTable.scheduleWarning(result))
        #expect(warning.contains("generator saturated") && warning.contains("offered 20.0k/s"))
        #expect(!BenchTable(labelWidth: 4).header.contains("offered"))
    }

    @Test("a row whose measured phase finished nothing says so instead of passing its zeros off as speeds")
    func emptyWindowIsFlagged() async throws {
        let configuration = RunConfiguration(
            workload: Workload(mix: .single("op"), keyCount: 10, durationNanos: 50_000_000, warmupNanos: 50_000_000, seed: 1),
            mode: .closed, threadCount: 1, clientCount: 1
        )
        // The one operation starts in the warm-up and ends after the measured phase.
        let slow = try await runLoad(DelayTarget(latency: .constant(nanos: 400_000_000)), configuration: configuration)
        #expect(slow.overall.count == 0)
        let warning = try #require(BenchTable.emptyWindowWarning(slow))
        #expect(warning.contains("no operation finished") && warning.contains("--duration"))
        let quick = try await runLoad(DelayTarget(latency: .constant(nanos: 1_000)), configuration: configuration)
        #expect(BenchTable.emptyWindowWarning(quick) == nil)
    }

    @Test("the status line shows no rate or p99 before an interval has data, and measured time without warm-up")
    func statusLine() {
        let warmup = RunProgress(
            phase: .warmup, elapsedNanos: 300_000_000, measuredElapsedNanos: 0, operationCount: 0, errorCount: 0,
            throughputOpsPerSec: 0, latencyNanosP99: 0, hasCompleteInterval: false, warmupNanos: 500_000_000
        )
        #expect(BenchExecutor.status(warmup, position: 1, total: 2, label: "x") == "[1/2] x: warm-up 0.3s of 0.5s")
        let early = RunProgress(
            phase: .measured, elapsedNanos: 900_000_000, measuredElapsedNanos: 400_000_000, operationCount: 12, errorCount: 0,
            throughputOpsPerSec: 0, latencyNanosP99: 0, hasCompleteInterval: false, warmupNanos: 500_000_000
        )
        let line = BenchExecutor.status(early, position: 1, total: 2, label: "x")
        #expect(line.contains("measuring 0.4s") && !line.contains("p99") && !line.contains("/s"))
    }
}
