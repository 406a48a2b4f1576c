#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Histogram
import ScaleSupport

/// Micro-benchmarks of the load generator itself (wired to `scalebench micro loadgen`).
public enum LoadGeneratorBenchmarks {
    /// The floor the harness is measured against, and the goal for the ratio.
    public static let overheadRatioGoal = 4.0

    /// The `noop` target in closed loop through the full runner, next to the bare floor of
    /// "read the clock, record into a histogram" on the same number of worker threads.
    ///
    /// Costs are CPU nanoseconds of the whole process per op (time a thread spends descheduled
    /// does not count), and rounds alternate floor and harness with the best round of each
    /// counting, so a machine shared with other work still compares like with like. The verdict uses the uniform single-op workload
    /// (the harness's own cost); the zipfian mix adds the cost of drawing zipfian keys (a `pow`),
    /// and the unspecialised row is what targets from other modules pay (see `LoadRunner`).
    /// Run it from a release build; debug figures are meaningless.
    public static func harnessOverhead(threadCount: Int = 2, durationNanos: UInt64 = 3_000_000_000, rounds: Int = 5) async throws -> MicroBenchmarkReport {
        let roundCount = max(1, rounds)
        let sliceNanos = max(1_000_000, durationNanos / UInt64(4 * roundCount))
        let uniformWorkload = Workload(mix: .single("get"), keyCount: 1_000_000, keyDistribution: .uniform, durationNanos: sliceNanos, seed: 1)
        let zipfianWorkload = Workload(
            mix: OperationMix([.init(name: "get", weight: 0.95), .init(name: "update", weight: 0.05)]),
            keyCount: 1_000_000, keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta), durationNanos: sliceNanos, seed: 1
        )
        var bareNanos = Double.infinity
        var uniform = HarnessFigures()
        var zipfian = HarnessFigures()
        var generic = HarnessFigures()
        // Built through the registry, so the runner cannot be specialised for it: this is the
        // path targets from other modules (exercises) take.
        let opaqueNoop = try SyntheticTargets.makeTarget(named: "noop")
        for _ in 0..<roundCount {
            bareNanos = min(bareNanos, try await bareLoopNanosPerOp(threadCount: threadCount, durationNanos: sliceNanos))
            uniform.keepBest(try await harnessRun(NoopTarget(), uniformWorkload, threadCount: threadCount))
            zipfian.keepBest(try await harnessRun(NoopTarget(), zipfianWorkload, threadCount: threadCount))
            generic.keepBest(try await harnessRun(opaqueNoop, uniformWorkload, threadCount: threadCount))
        }
        let ratio = uniform.nanosPerOp / bareNanos
        let goalText = format2(overheadRatioGoal)
        return MicroBenchmarkReport(
            title: "load generator harness overhead (\(threadCount) threads, closed loop, best of \(roundCount) rounds)",
            rows: [
                MicroBenchmarkRow(name: "bare loop: clock read + histogram record", value: bareNanos, unit: "ns/op", detail: "floor, CPU time"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get", value: uniform.nanosPerOp, unit: "ns/op", detail: "CPU time"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get", value: uniform.opsPerSec, unit: "ops/s", detail: "wall clock, all threads"),
                MicroBenchmarkRow(name: "noop via runLoad, zipfian get/update 95/5", value: zipfian.nanosPerOp, unit: "ns/op", detail: "CPU time"),
                MicroBenchmarkRow(name: "noop via runLoad, zipfian get/update 95/5", value: zipfian.opsPerSec, unit: "ops/s", detail: "wall clock, all threads"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get, unspecialised", value: generic.nanosPerOp, unit: "ns/op", detail: "CPU time; target type unknown to the runner"),
                MicroBenchmarkRow(name: "harness / bare loop (uniform)", value: ratio, unit: "ratio", detail: "goal <= \(goalText)"),
                MicroBenchmarkRow(name: "harness / bare loop (zipfian mix)", value: zipfian.nanosPerOp / bareNanos, unit: "ratio", detail: "includes the zipfian draw"),
                MicroBenchmarkRow(
                    name: "harness / bare loop (unspecialised)", value: generic.nanosPerOp / bareNanos, unit: "ratio",
                    detail: "adds the runtime's executor check after each generic await"
                ),
            ],
            verdict: ratio <= overheadRatioGoal
                ? "met: harness costs \(format2(ratio))x the bare loop per op (goal <= \(goalText)x)"
                : "missed: harness costs \(format2(ratio))x the bare loop per op (goal <= \(goalText)x)"
        )
    }

    /// Per-thread cost and total throughput of one harness round.
    struct HarnessFigures {
        var nanosPerOp = Double.infinity
        var opsPerSec = 0.0

        mutating func keepBest(_ other: HarnessFigures) {
            if other.nanosPerOp < nanosPerOp { self = other }
        }
    }

    static func harnessRun<T: LoadTarget>(_ target: T, _ workload: Workload, threadCount: Int) async throws -> HarnessFigures {
        let configuration = RunConfiguration(workload: workload, mode: .closed, threadCount: threadCount, clientCount: threadCount)
        let cpuStartNanos = processCPUNanos()
        let result = try await runLoad(target, configuration: configuration)
        let cpuNanos = processCPUNanos() &- cpuStartNanos
        return HarnessFigures(
            nanosPerOp: Double(cpuNanos) / Double(max(1, result.overall.count)),
            opsPerSec: result.overall.throughputOpsPerSec
        )
    }

    /// CPU time of the whole process so far.
    static func processCPUNanos() -> UInt64 { CPUClock.processNanos() }

    /// Process CPU nanoseconds per iteration of the floor loop, run on `threadCount` worker threads.
    static func bareLoopNanosPerOp(threadCount: Int, durationNanos: UInt64) async throws -> Double {
        let pool = try WorkerPool(threadCount: threadCount)
        let cpuStartNanos = processCPUNanos()
        let iterations = await withTaskGroup(of: UInt64.self) { group in
            for index in 0..<threadCount {
                group.addTask(executorPreference: pool.executor(forClient: index)) {
                    bareLoop(durationNanos: durationNanos)
                }
            }
            var total: UInt64 = 0
            for await count in group { total += count }
            return total
        }
        return Double(processCPUNanos() &- cpuStartNanos) / Double(max(1, iterations))
    }

    /// The floor: what any harness must do per op (read the clock, record a latency). Returns
    /// the iteration count.
    static func bareLoop(durationNanos: UInt64) -> UInt64 {
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
        return iterations
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
