import Histogram
import ScaleCore

/// Micro-benchmarks of the load generator itself (wired to `scalebench micro loadgen`).
public enum LoadGeneratorBenchmarks {
    /// The floor the harness is measured against, and the goal for the ratio.
    public static let overheadRatioGoal = 4.0

    /// The `noop` target in closed loop through the full runner, next to the bare floor of
    /// "read the clock, record into a histogram" on the same number of worker threads.
    ///
    /// Rounds alternate floor and harness and the best round of each counts, so a machine shared
    /// with other work compares like with like. The verdict uses the uniform single-op workload
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
            bareNanos = min(bareNanos, await bareLoopNanosPerOp(threadCount: threadCount, durationNanos: sliceNanos))
            uniform.keepBest(try await harnessRun(NoopTarget(), uniformWorkload, threadCount: threadCount))
            zipfian.keepBest(try await harnessRun(NoopTarget(), zipfianWorkload, threadCount: threadCount))
            generic.keepBest(try await harnessRun(opaqueNoop, uniformWorkload, threadCount: threadCount))
        }
        let ratio = uniform.nanosPerOp / bareNanos
        let goalText = format2(overheadRatioGoal)
        return MicroBenchmarkReport(
            title: "load generator harness overhead (\(threadCount) threads, closed loop, best of \(roundCount) rounds)",
            rows: [
                MicroBenchmarkRow(name: "bare loop: clock read + histogram record", value: bareNanos, unit: "ns/op", detail: "floor, per thread"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get", value: uniform.nanosPerOp, unit: "ns/op", detail: "per thread"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get", value: uniform.opsPerSec, unit: "ops/s", detail: "all threads"),
                MicroBenchmarkRow(name: "noop via runLoad, zipfian get/update 95/5", value: zipfian.nanosPerOp, unit: "ns/op", detail: "per thread"),
                MicroBenchmarkRow(name: "noop via runLoad, zipfian get/update 95/5", value: zipfian.opsPerSec, unit: "ops/s", detail: "all threads"),
                MicroBenchmarkRow(name: "noop via runLoad, uniform get, unspecialised", value: generic.nanosPerOp, unit: "ns/op", detail: "per thread; target type unknown to the runner"),
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
        let result = try await runLoad(target, configuration: configuration)
        // Each thread spends elapsed / (its share of the ops) on one op.
        return HarnessFigures(
            nanosPerOp: Double(result.elapsedNanos) * Double(threadCount) / Double(max(1, result.overall.count)),
            opsPerSec: result.overall.throughputOpsPerSec
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
