import Histogram
import ScaleSupport

extension RunResult {
    /// Builds the result from the workers' merged recording.
    init(
        configuration: RunConfiguration, merged: WorkerRecording, measuredStartNanos: UInt64,
        intervalNanos: UInt64, isOpenLoop: Bool, memory: MemoryStats, targetMetrics: [String: Double]
    ) {
        let endNanos = merged.lastCompletionNanos > measuredStartNanos ? merged.lastCompletionNanos : MonotonicClock.nowNanos()
        let elapsedNanos = max(1, endNanos &- measuredStartNanos)
        var operations: [String: OperationStats] = [:]
        var overallLatency = WorkerRecording.makeHistogram()
        var overallServiceTime = WorkerRecording.makeHistogram()
        var overallErrors: [String: UInt64] = [:]
        for (kindIndex, entry) in configuration.workload.mix.entries.enumerated() {
            let latency = merged.latencyByKind[kindIndex]
            let serviceTime = merged.serviceTimeByKind[kindIndex]
            operations[entry.name] = OperationStats(
                latency: latency, serviceTime: isOpenLoop ? serviceTime : nil,
                errorsByKind: merged.errorsByKind[kindIndex], elapsedNanos: elapsedNanos
            )
            overallLatency.add(latency)
            overallServiceTime.add(serviceTime)
            overallErrors.merge(merged.errorsByKind[kindIndex], uniquingKeysWith: +)
        }
        let lag = merged.scheduleLag
        self.init(
            configuration: configuration,
            elapsedNanos: elapsedNanos,
            overall: OperationStats(
                latency: overallLatency, serviceTime: isOpenLoop ? overallServiceTime : nil,
                errorsByKind: overallErrors, elapsedNanos: elapsedNanos
            ),
            operations: operations,
            timeline: Self.timeline(merged.intervals, intervalNanos: intervalNanos, elapsedNanos: elapsedNanos),
            memory: memory,
            scheduleLag: isOpenLoop
                ? ScheduleLag(p50Nanos: lag.valueAtPercentile(50), p99Nanos: lag.valueAtPercentile(99), maxNanos: lag.totalCount == 0 ? 0 : lag.max)
                : nil,
            targetMetrics: targetMetrics
        )
    }

    /// One point per interval; the last one's throughput uses its actual (partial) length.
    static func timeline(_ intervals: [IntervalRecording], intervalNanos: UInt64, elapsedNanos: UInt64) -> [TimelinePoint] {
        intervals.enumerated().map { index, interval in
            let startNanos = UInt64(index) * intervalNanos
            let lengthNanos = max(1, min(intervalNanos, elapsedNanos > startNanos ? elapsedNanos - startNanos : intervalNanos))
            return TimelinePoint(
                startNanos: startNanos,
                operations: interval.operationCount,
                errors: interval.errorCount,
                throughputOpsPerSec: Double(interval.operationCount &- min(interval.errorCount, interval.operationCount)) * 1e9 / Double(lengthNanos),
                p50Nanos: interval.latency.valueAtPercentile(50),
                p99Nanos: interval.latency.valueAtPercentile(99)
            )
        }
    }
}

extension OperationStats {
    /// Stats of one op kind (or all) from its histograms; `count` is the latency histogram's total,
    /// throughput counts only the operations that completed without error.
    init(latency: Histogram<UInt64>, serviceTime: Histogram<UInt64>?, errorsByKind: [String: UInt64], elapsedNanos: UInt64) {
        let completedCount = latency.totalCount &- min(latency.totalCount, errorsByKind.values.reduce(0, +))
        self.init(
            count: latency.totalCount,
            errorsByKind: errorsByKind,
            throughputOpsPerSec: Double(completedCount) * 1e9 / Double(max(1, elapsedNanos)),
            latency: LatencySummary(latency),
            serviceTime: serviceTime.map { LatencySummary($0) },
            latencyHistogram: EncodedHistogram(latency),
            serviceTimeHistogram: serviceTime.map { EncodedHistogram($0) }
        )
    }
}
