import Histogram
import ScaleCore

/// Micro-benchmarks of the load generator itself (wired to `scalebench micro loadgen`).
public enum LoadGeneratorBenchmarks {
    /// The floor the harness is measured against, and the goal for the ratio.
    public static let overheadRatioGoal = 4.0

    /// The `noop` target in closed loop through the full runner, next to the bare floor of
    /// "read the clock, record into a histogram" on the same number of worker threads.
    /// Run it from a release build; debug figures are meaningless.
    public static func harnessOverhead(threadCount: Int = 2, durationNanos: UInt64 = 1_000_000_000) async throws -> MicroBenchmarkReport {
        let bare = await bareLoopNanosPerOp(threadCount: threadCount, durationNanos: durationNanos)
        let configuration = RunConfiguration(
            workload: Workload(
                mix: OperationMix([.init(name: "get", weight: 0.95), .init(name: "update", weight: 0.05)]),
                keyCount: 1_000_000, keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
                durationNanos: durationNanos, warmupNanos: durationNanos / 10, seed: 1
            ),
            mode: .closed, threadCount: threadCount, clientCount: threadCount
        )
        let result = try await runLoad(NoopTarget(), configuration: configuration)
        // Per op per thread: each thread spends elapsed / (ops on that thread) on one op.
        let harnessNanosPerOp = Double(result.elapsedNanos) * Double(threadCount) / Double(max(1, result.overall.count))
        let ratio = harnessNanosPerOp / bare
        let goalText = format2(overheadRatioGoal)
        return MicroBenchmarkReport(
            title: "load generator harness overhead (\(threadCount) threads, closed loop)",
            rows: [
                MicroBenchmarkRow(name: "bare loop: clock read + histogram record", value: bare, unit: "ns/op", detail: "floor, per thread"),
                MicroBenchmarkRow(name: "noop target through runLoad", value: harnessNanosPerOp, unit: "ns/op", detail: "zipfian get/update mix, per thread"),
                MicroBenchmarkRow(name: "noop target throughput", value: result.overall.throughputOpsPerSec, unit: "ops/s", detail: "all threads"),
                MicroBenchmarkRow(name: "harness / bare loop", value: ratio, unit: "ratio", detail: "goal <= \(goalText)"),
            ],
            verdict: ratio <= overheadRatioGoal
                ? "met: harness costs \(format2(ratio))x the bare loop per op (goal <= \(goalText)x)"
                : "missed: harness costs \(format2(ratio))x the bare loop per op (goal <= \(goalText)x)"
        )
    }

    /// Nanoseconds per iteration of the floor loop, per thread, on `threadCount` worker threads.
    static func bareLoopNanosPerOp(threadCount: Int, durationNanos: UInt64) async -> Double {
        let pool = WorkerPool(threadCount: threadCount)
        let perThread = await withTaskGroup(of: Double.self) { group in
            for index in 0..<threadCount {
                group.addTask(executorPreference: pool.executor(forClient: index)) {
                    bareLoop(durationNanos: durationNanos)
                }
            }
            var all: [Double] = []
            for await nanosPerOp in group { all.append(nanosPerOp) }
            return all
        }
        return perThread.reduce(0, +) / Double(max(1, perThread.count))
    }

    /// The floor: what any harness must do per op (read the clock, record a latency).
    static func bareLoop(durationNanos: UInt64) -> Double {
        var histogram = WorkerRecording.makeHistogram()
        let startNanos = MonotonicClock.nowNanos()
        let endNanos = startNanos &+ durationNanos
        var previousNanos = startNanos
        var iterations: UInt64 = 0
        while previousNanos < endNanos {
            let nowNanos = MonotonicClock.nowNanos()
            histogram.record(nowNanos &- previousNanos)
            previousNanos = nowNanos
            iterations &+= 1
        }
        precondition(histogram.totalCount == iterations, "bare loop lost samples")
        return Double(previousNanos &- startNanos) / Double(max(1, iterations))
    }

    /// `x` with two decimals (no Foundation).
    static func format2(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "\(value)" }
        let whole = Int(hundredths) / 100
        let fraction = abs(Int(hundredths) % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
