import ScaleSupport

/// Run-wide instants the progress reporter needs.
struct RunTiming: Sendable {
    let runStartNanos: UInt64
    let measuredStartNanos: UInt64
    let intervalNanos: UInt64
}

extension LoadRunner {
    /// Calls `progress` once per interval until cancelled.
    static func reportProgress(_ progress: @Sendable (RunProgress) -> Void, recorders: [WorkerRecorder], timing: RunTiming) async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: timing.intervalNanos)
            if Task.isCancelled { return }
            progress(progressSnapshot(recorders: recorders, timing: timing, nowNanos: MonotonicClock.nowNanos()))
        }
    }

    static func progressSnapshot(recorders: [WorkerRecorder], timing: RunTiming, nowNanos: UInt64) -> RunProgress {
        let elapsedNanos = nowNanos > timing.runStartNanos ? nowNanos - timing.runStartNanos : 0
        guard nowNanos >= timing.measuredStartNanos else {
            return RunProgress(
                phase: .warmup, elapsedNanos: elapsedNanos, measuredElapsedNanos: 0, operationCount: 0,
                errorCount: 0, throughputOpsPerSec: 0, latencyNanosP99: 0,
                hasCompleteInterval: false, warmupNanos: timing.measuredStartNanos &- timing.runStartNanos
            )
        }
        let measuredElapsedNanos = nowNanos - timing.measuredStartNanos
        let lastCompleteInterval = Int(measuredElapsedNanos / timing.intervalNanos) - 1
        var operationCount: UInt64 = 0
        var errorCount: UInt64 = 0
        var interval = IntervalRecording()
        for recorder in recorders {
            let figures = recorder.progressFigures(intervalIndex: lastCompleteInterval)
            operationCount += figures.operationCount
            errorCount += figures.errorCount
            if let workerInterval = figures.interval { interval.add(workerInterval) }
        }
        return RunProgress(
            phase: .measured, elapsedNanos: elapsedNanos, measuredElapsedNanos: measuredElapsedNanos,
            operationCount: operationCount, errorCount: errorCount,
            throughputOpsPerSec: Double(interval.operationCount &- min(interval.errorCount, interval.operationCount)) * 1e9 / Double(timing.intervalNanos),
            latencyNanosP99: interval.latency.valueAtPercentile(99),
            hasCompleteInterval: lastCompleteInterval >= 0, warmupNanos: timing.measuredStartNanos &- timing.runStartNanos
        )
    }
}
