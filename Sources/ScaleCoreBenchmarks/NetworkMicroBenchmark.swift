import ScaleSupport
import ScaleStorage
import ScaleNetwork
import ScaleSharding
import ScaleReplication
import ScaleCaching
import ScaleQueue
/// `scalebench micro network`: what a simulated call costs and how accurately delays are kept.
public enum NetworkMicroBenchmark {
    /// Measures the cost of a call over profile `none` (vs calling the body directly) and the
    /// requested vs measured call latency for 100 µs and 1 ms one-way links, sequential and concurrent.
    public static func run(
        fastCallCount: Int = 1_000_000,
        sequentialCallCount: Int = 2_000,
        concurrentTaskCount: Int = 32,
        callsPerTask: Int = 50
    ) async -> MicroBenchmarkReport {
        var rows: [MicroBenchmarkRow] = []
        let floorNanos = await directCallNanos(count: fastCallCount)
        let fastNanos = await noneCallNanos(count: fastCallCount)
        let concurrentFastNanos = await concurrentNoneCallNanos(taskCount: 2, count: fastCallCount / 2)
        rows.append(MicroBenchmarkRow(name: "direct async body call (floor)", value: floorNanos, unit: "ns/op"))
        rows.append(MicroBenchmarkRow(
            name: "call over profile none", value: fastNanos, unit: "ns/op",
            detail: ratioText(fastNanos, floorNanos) + " the floor; counts 2 messages, no clock, no lock"
        ))
        rows.append(MicroBenchmarkRow(
            name: "call over profile none, 2 tasks", value: concurrentFastNanos, unit: "ns/op",
            detail: ratioText(concurrentFastNanos, floorNanos) + " the floor; wall time / calls, shared counters"
        ))
        var worstOvershootMicros = 0.0
        for oneWayNanos: UInt64 in [100_000, 1_000_000] {
            let oneWay = NetworkDurationText.text(nanos: oneWayNanos)
            let requestedMicros = Double(oneWayNanos) / 1_000
            let sleeps = await sleepNanos(oneWayNanos, count: sequentialCallCount)
            let sequential = await delayedCallNanos(oneWayNanos: oneWayNanos, taskCount: 1, callsPerTask: sequentialCallCount)
            let concurrent = await delayedCallNanos(
                oneWayNanos: oneWayNanos, taskCount: concurrentTaskCount, callsPerTask: callsPerTask
            )
            let series: [(name: String, samples: [UInt64], messages: Int)] = [
                ("PreciseSleeper.sleep(\(oneWay)) (floor)", sleeps, 1),
                ("sequential call", sequential, 2),
                ("\(concurrentTaskCount) concurrent callers", concurrent, 2),
            ]
            for (name, samples, messages) in series {
                for p in [50.0, 99.0] {
                    rows.append(latencyRow(
                        "\(oneWay) link: \(name) p\(Int(p))", samples, p, requestedMicros * Double(messages), messages: messages
                    ))
                }
            }
            worstOvershootMicros = max(worstOvershootMicros, (percentile(sequential, 50) / 1_000 - 2 * requestedMicros) / 2)
        }
        let goal = worstOvershootMicros <= 20 ? "met" : "missed"
        let verdict = "delay accuracy goal (≤ 20 µs late per message at p50, sequential) \(goal): "
            + "\(format(worstOvershootMicros)) µs; a none-profile call costs \(format(fastNanos)) ns = "
            + "\(ratioText(fastNanos, floorNanos)) a direct call"
        return MicroBenchmarkReport(title: "Simulated network: call cost and delay accuracy", rows: rows, verdict: verdict)
    }

    private static func directCallNanos(count: Int) async -> Double {
        var sink = 0
        let start = MonotonicClock.nowNanos()
        for _ in 0..<count { sink &+= await opaqueCall { 1 } }
        return Double(MonotonicClock.nowNanos() - start) / Double(max(count, 1)) + Double(sink & 0)
    }

    /// The floor: an async call of a body closure, not inlined so the loop cannot vanish.
    @inline(never)
    nonisolated(nonsending)
    private static func opaqueCall<Reply>(_ body: nonisolated(nonsending) () async -> Reply) async -> Reply {
        await body()
    }

    private static func noneCallNanos(count: Int) async -> Double {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2))
        let kind = MessageKind("bench-none")
        var sink = 0
        let start = MonotonicClock.nowNanos()
        for _ in 0..<count {
            _ = try? await network.call(from: .client, to: 1, kind: kind) { sink &+= 1; return sink }
        }
        return Double(MonotonicClock.nowNanos() - start) / Double(max(count, 1)) + Double(sink & 0)
    }

    private static func concurrentNoneCallNanos(taskCount: Int, count: Int) async -> Double {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2))
        let kind = MessageKind("bench-none")
        let start = MonotonicClock.nowNanos()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    for _ in 0..<count { _ = try? await network.call(from: .client(task), to: NodeID(task % 2), kind: kind) { 1 } }
                }
            }
        }
        return Double(MonotonicClock.nowNanos() - start) / Double(max(taskCount * count, 1))
    }

    private static func sleepNanos(_ nanos: UInt64, count: Int) async -> [UInt64] {
        var times: [UInt64] = []
        times.reserveCapacity(count)
        for _ in 0..<count {
            let start = MonotonicClock.nowNanos()
            await PreciseSleeper.shared.sleep(untilNanos: start &+ nanos)
            times.append(MonotonicClock.nowNanos() - start)
        }
        return times
    }

    /// Each call's duration, `taskCount` tasks each making `callsPerTask` sequential calls.
    private static func delayedCallNanos(oneWayNanos: UInt64, taskCount: Int, callsPerTask: Int) async -> [UInt64] {
        let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4, delay: .constant(nanos: oneWayNanos)))
        let kind = MessageKind("bench-delay")
        return await withTaskGroup(of: [UInt64].self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    var times: [UInt64] = []
                    times.reserveCapacity(callsPerTask)
                    for _ in 0..<callsPerTask {
                        let start = MonotonicClock.nowNanos()
                        _ = try? await network.call(from: .client(task), to: NodeID(task % 4), kind: kind) { 1 }
                        times.append(MonotonicClock.nowNanos() - start)
                    }
                    return times
                }
            }
            var all: [UInt64] = []
            for await times in group { all += times }
            return all
        }
    }

    private static func latencyRow(
        _ name: String, _ samples: [UInt64], _ p: Double, _ requestedMicros: Double, messages: Int
    ) -> MicroBenchmarkRow {
        let measuredMicros = percentile(samples, p) / 1_000
        let lateMicros = (measuredMicros - requestedMicros) / Double(messages)
        return MicroBenchmarkRow(
            name: name, value: measuredMicros, unit: "µs",
            detail: "requested \(format(requestedMicros)) µs; \(format(lateMicros)) µs late per message"
        )
    }

    /// The `p`-th percentile (nearest rank) of `samples`.
    static func percentile(_ samples: [UInt64], _ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)
        return Double(sorted[max(index, 0)])
    }

    private static func ratioText(_ value: Double, _ floor: Double) -> String {
        floor > 0 ? "\(format(value / floor))×" : "n/a ×"
    }

    /// One decimal, none when whole.
    static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
