import ScaleSupport
import ScaleStorage
import ScaleNetwork
import ScaleSharding
import ScaleReplication
import ScaleCaching
import ScaleQueue
/// `scalebench micro network-delays`: measured one-way delays beside the distribution's theory,
/// for constant and drawn delays at 1–64 concurrent senders.
public enum NetworkDelayAccuracyBenchmark {
    /// The goal: p50 within 5 % and p99 within 10 % of theory.
    public static let p50TolerancePercent = 5.0
    public static let p99TolerancePercent = 10.0

    /// The distributions measured, each with a mean near 200 µs (a same-zone round trip's half).
    public static let distributions: [(text: String, delay: LatencyDistribution)] = [
        ("constant:200us", .constant(nanos: 200_000)),
        ("uniform:100us:300us", .uniform(minNanos: 100_000, maxNanos: 300_000)),
        ("exponential:200us", .exponential(meanNanos: 200_000)),
        ("lognormal:200us:0.5", .lognormal(medianNanos: 200_000, sigma: 0.5)),
    ]

    /// Runs every distribution at every sender count for `cellNanos` each (after `warmupNanos`
    /// whose messages are not counted, so the sleeper's wake-up estimate has settled).
    public static func run(
        clientCounts: [Int] = [1, 4, 16, 64], cellNanos: UInt64 = 400_000_000, warmupNanos: UInt64 = 100_000_000
    ) async -> MicroBenchmarkReport {
        var rows: [MicroBenchmarkRow] = []
        var missed: [String] = []
        var behind: [String] = []
        // The peer, alternating cell by cell on the same network: a sleeper whose timer thread has raised priority.
        let sleeper = PreciseSleeper()
        let raised = PreciseSleeper(timerPriority: .raised)
        for (text, delay) in distributions {
            for clientCount in clientCounts {
                let measured = await CellMeasurement.measure(delay, sleeper: sleeper, clientCount: clientCount, warmupNanos: warmupNanos, cellNanos: cellNanos)
                let peer = await CellMeasurement.measure(delay, sleeper: raised, clientCount: clientCount, warmupNanos: warmupNanos, cellNanos: cellNanos)
                let samples = measured.samples
                let peerSamples = peer.samples
                let cell = "\(text), \(clientCount) sender\(clientCount == 1 ? "" : "s")"
                var cellMissed = false
                for (p, tolerance) in [(50.0, p50TolerancePercent), (99.0, p99TolerancePercent)] {
                    let theoryNanos = delay.quantileNanos(p / 100)
                    let measuredNanos = NetworkMicroBenchmark.percentile(samples, p)
                    let errorPercent = (measuredNanos - theoryNanos) / theoryNanos * 100
                    let peerErrorPercent = (NetworkMicroBenchmark.percentile(peerSamples, p) - theoryNanos) / theoryNanos * 100
                    if abs(errorPercent) > tolerance { cellMissed = true }
                    rows.append(MicroBenchmarkRow(
                        name: "\(cell) p\(Int(p))", value: measuredNanos / 1_000, unit: "µs",
                        detail: "theory \(NetworkMicroBenchmark.format(theoryNanos / 1_000)) µs: \(signed(errorPercent)) % "
                            + "(goal ±\(NetworkMicroBenchmark.format(tolerance)) %); raised-priority timer \(signed(peerErrorPercent)) %"
                            + (p == 50
                                ? "; timer thread busy \(NetworkMicroBenchmark.format(measured.timerBusyPercent)) %, process \(NetworkMicroBenchmark.format(measured.processCores)) cores"
                                : "; wake path p50/p99 \(measured.wakePathText) (raised-priority timer \(peer.wakePathText))")
                    ))
                }
                if cellMissed { missed.append(cell) }
                let (sleeps, overdue) = (measured.sleeps, measured.overdueSleeps)
                // More than 1 % of sleeps resumed past their allowance: the tail is the sleeper's, not the distribution's.
                if sleeps > 0, Double(overdue) / Double(sleeps) > 0.01 {
                    behind.append("\(cell) (\(NetworkMicroBenchmark.format(Double(overdue) / Double(sleeps) * 100)) % of \(sleeps) sleeps resumed overdue)")
                }
            }
        }
        var verdict = missed.isEmpty
            ? "goal met: every cell within ±\(NetworkMicroBenchmark.format(p50TolerancePercent)) % at p50 and ±\(NetworkMicroBenchmark.format(p99TolerancePercent)) % at p99"
            : "goal missed in \(missed.count) of \(distributions.count * clientCounts.count) cells: \(missed.joined(separator: "; "))"
        if !behind.isEmpty { verdict += "\nthe sleeper could not keep up in: \(behind.joined(separator: "; "))" }
        verdict += "\nthe raised-priority peer's timer thread got: \(raised.timerThreadScheduling ?? "not started")"
        return MicroBenchmarkReport(
            title: "Simulated network: one-way delays beside theory, 1–\(clientCounts.max() ?? 1) concurrent senders",
            rows: rows, verdict: verdict
        )
    }

    /// Each one-way message's time from send to arrival, `clientCount` senders sending in turn;
    /// messages sent before `warmupNanos` are not kept, sending stops after `cellNanos` more.
    static func oneWayNanos(
        _ delay: LatencyDistribution, sleeper: PreciseSleeper, clientCount: Int, warmupNanos: UInt64, cellNanos: UInt64
    ) async -> [UInt64] {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4, delay: delay, seed: 11), sleeper: sleeper)
        let kind = MessageKind("bench-one-way")
        let measuredStartNanos = MonotonicClock.nowNanos() &+ warmupNanos
        let endNanos = measuredStartNanos &+ cellNanos
        return await withTaskGroup(of: [UInt64].self) { group in
            for client in 0..<clientCount {
                group.addTask {
                    var times: [UInt64] = []
                    while true {
                        let start = MonotonicClock.nowNanos()
                        if start >= endNanos { break }
                        await network.send(from: .client(client), to: NodeID(client % 4), kind: kind) {}
                        if start >= measuredStartNanos { times.append(MonotonicClock.nowNanos() &- start) }
                    }
                    return times
                }
            }
            var all: [UInt64] = []
            for await times in group { all += times }
            return all
        }
    }

    private static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "") + NetworkMicroBenchmark.format(value)
    }
}

/// One cell on one sleeper: the one-way times and what the sleeper and the process did meanwhile.
private struct CellMeasurement {
    var samples: [UInt64]
    var sleeps: UInt64
    var overdueSleeps: UInt64
    var timerBusyPercent: Double
    /// Cores the whole process kept busy: near the machine's core count, messages queue for a thread.
    var processCores: Double
    var timerLatenessCounts: [UInt64]
    var poolHopCounts: [UInt64]

    static func measure(
        _ delay: LatencyDistribution, sleeper: PreciseSleeper, clientCount: Int, warmupNanos: UInt64, cellNanos: UInt64
    ) async -> CellMeasurement {
        let before = sleeper.counts
        let timerBefore = sleeper.timerLatenessNanos.snapshot()
        let hopBefore = sleeper.poolHopNanos.snapshot()
        let timerCPUBeforeNanos = sleeper.timerThreadCPUNanos ?? 0
        let wallBeforeNanos = MonotonicClock.nowNanos()
        let processBeforeNanos = CPUClock.processNanos()
        let samples = await NetworkDelayAccuracyBenchmark.oneWayNanos(
            delay, sleeper: sleeper, clientCount: clientCount, warmupNanos: warmupNanos, cellNanos: cellNanos
        )
        let wallNanos = Double(max(1, MonotonicClock.nowNanos() &- wallBeforeNanos))
        let after = sleeper.counts
        return CellMeasurement(
            samples: samples,
            sleeps: after.sleeps &- before.sleeps,
            overdueSleeps: after.overdue &- before.overdue,
            timerBusyPercent: Double((sleeper.timerThreadCPUNanos ?? 0) &- timerCPUBeforeNanos) * 100 / wallNanos,
            processCores: Double(CPUClock.processNanos() &- processBeforeNanos) / wallNanos,
            timerLatenessCounts: zip(sleeper.timerLatenessNanos.snapshot(), timerBefore).map { $0 &- $1 },
            poolHopCounts: zip(sleeper.poolHopNanos.snapshot(), hopBefore).map { $0 &- $1 }
        )
    }

    /// Where a late wake-up's time goes: the timer thread's lateness and the hop onto the pool, p50/p99.
    var wakePathText: String {
        func micros(_ q: Double, _ counts: [UInt64]) -> String {
            LogLinearHistogram.quantileNanos(q, of: counts).map { NetworkMicroBenchmark.format($0 / 1_000) } ?? "-"
        }
        return "timer late \(micros(0.5, timerLatenessCounts))/\(micros(0.99, timerLatenessCounts)) µs, "
            + "pool hop \(micros(0.5, poolHopCounts))/\(micros(0.99, poolHopCounts)) µs"
    }
}
