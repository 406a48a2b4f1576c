/// Throughput and latency percentiles of one timed query pass.
public struct LatencySummary: Sendable, Hashable {
    /// Queries answered per second (all threads together).
    public var queriesPerSecond: Double
    /// Median latency.
    public var latencyNanosP50: Double
    /// 99th-percentile latency.
    public var latencyNanosP99: Double

    /// Summarizes `latencies` (nanoseconds, any order) answered in `elapsedNanos` of wall time.
    init(latencies: [UInt64], elapsedNanos: UInt64) {
        let sorted = latencies.sorted()
        func percentile(_ fraction: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))])
        }
        queriesPerSecond = elapsedNanos == 0 ? 0 : Double(sorted.count) * 1e9 / Double(elapsedNanos)
        latencyNanosP50 = percentile(0.5)
        latencyNanosP99 = percentile(0.99)
    }
}
