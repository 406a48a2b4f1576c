/// Throughput and latency percentiles of one timed query pass.
public struct LatencySummary: Sendable, Hashable {
    /// Queries answered per second (all threads together).
    public var queriesPerSecond: Double
    /// Median latency.
    public var latencyNanosP50: Double
    /// 99th-percentile latency.
    public var latencyNanosP99: Double
    /// Queries per second of CPU time the querying threads got: equal across thread counts when
    /// nothing is shared, whatever else the machine runs; wall-time scaling also needs free cores.
    public var queriesPerCPUSecond: Double

    /// Summarizes `latencies` (nanoseconds, any order) answered in `elapsedNanos` of wall time and `cpuNanos` of thread CPU time.
    init(latencies: [UInt64], elapsedNanos: UInt64, cpuNanos: UInt64) {
        let sorted = latencies.sorted()
        func percentile(_ fraction: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))])
        }
        queriesPerSecond = elapsedNanos == 0 ? 0 : Double(sorted.count) * 1e9 / Double(elapsedNanos)
        latencyNanosP50 = percentile(0.5)
        latencyNanosP99 = percentile(0.99)
        queriesPerCPUSecond = cpuNanos == 0 ? 0 : Double(sorted.count) * 1e9 / Double(cpuNanos)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time the calling thread has used.
enum ThreadCPUClock {
    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
