import Histogram
import ScaleSupport

/// A worker's shared recording. Only that worker's clients write to it, a batch at a time, so
/// the mutex is uncontended except when the progress reporter takes a look.
final class WorkerRecorder: Sendable {
    let recording: Locked<WorkerRecording>

    init(kindCount: Int) {
        recording = Locked(WorkerRecording(kindCount: kindCount))
    }

    /// A copy of everything recorded so far.
    func snapshot() -> WorkerRecording {
        recording.withLock { $0 }
    }

    /// Totals plus one interval, cheap enough for a once-per-second status line.
    func progressFigures(intervalIndex: Int) -> (operationCount: UInt64, errorCount: UInt64, interval: IntervalRecording?) {
        recording.withLock { recording in
            let interval = intervalIndex >= 0 && intervalIndex < recording.intervals.count ? recording.intervals[intervalIndex] : nil
            return (recording.operationCount, recording.errorCount, interval)
        }
    }
}

/// A client's private buffer of completed ops, handed to its worker's `WorkerRecorder` when full
/// or when the timeline interval changes (so each batch belongs to one interval and progress
/// figures are at most one interval stale).
struct ClientRecorder: Sendable {
    let worker: WorkerRecorder
    let isOpenLoop: Bool
    let measuredStartNanos: UInt64
    let intervalNanos: UInt64
    /// The interval holding the measured phase's last instant: ops completing after the phase
    /// ends count there, not in a stray sliver of an interval.
    let lastIntervalIndex: Int
    let capacity: Int
    private var samples: [OperationSample]
    private var errors: [ErrorTally: UInt64] = [:]
    /// Skipped ops per kind, folded into `errors` at each flush: hashing the label per op made
    /// skipping cost more than issuing at very high rates.
    private var skippedByKind: [UInt64] = []
    private var intervalIndex = 0
    private var intervalEndNanos: UInt64
    private var lastCompletionNanos: UInt64 = 0

    init(
        worker: WorkerRecorder, isOpenLoop: Bool, measuredStartNanos: UInt64, measuredDurationNanos: UInt64, intervalNanos: UInt64, capacity: Int
    ) {
        self.worker = worker
        self.isOpenLoop = isOpenLoop
        self.measuredStartNanos = measuredStartNanos
        self.intervalNanos = intervalNanos
        lastIntervalIndex = Int(clamping: (max(1, measuredDurationNanos) - 1) / intervalNanos)
        self.capacity = capacity
        samples = []
        samples.reserveCapacity(capacity)
        intervalEndNanos = measuredStartNanos &+ intervalNanos
    }

    /// Records one measured op that completed at `completionNanos` (>= the measured start),
    /// counting it as failed under `failure`'s label when there is one.
    @inline(__always)
    mutating func record(
        kindIndex: Int, latencyNanos: UInt64, serviceNanos: UInt64, lagNanos: UInt64, completionNanos: UInt64, failure: (any Error)?
    ) {
        record(
            kindIndex: kindIndex, latencyNanos: latencyNanos, serviceNanos: serviceNanos, lagNanos: lagNanos,
            completionNanos: completionNanos, failureLabel: failure?.errorKindLabel
        )
    }

    /// Records one measured op, counted as failed under `failureLabel` when that is set.
    @inline(__always)
    mutating func record(
        kindIndex: Int, latencyNanos: UInt64, serviceNanos: UInt64, lagNanos: UInt64, completionNanos: UInt64, failureLabel: String?
    ) {
        if completionNanos >= intervalEndNanos { moveToInterval(containing: completionNanos) }
        samples.append(OperationSample(kindIndex: kindIndex, latencyNanos: latencyNanos, serviceNanos: serviceNanos, lagNanos: lagNanos))
        lastCompletionNanos = completionNanos
        // Tallied before a possible flush so the error lands in the same batch (and interval).
        if let failureLabel { errors[ErrorTally(kindIndex: kindIndex, label: failureLabel), default: 0] += 1 }
        if samples.count >= capacity { flush() }
    }

    /// Records one open-loop op skipped by the bounded catch-up rule, `latencyNanos` after its intended start.
    @inline(__always)
    mutating func recordSkipped(kindIndex: Int, latencyNanos: UInt64, completionNanos: UInt64) {
        if completionNanos >= intervalEndNanos { moveToInterval(containing: completionNanos) }
        samples.append(OperationSample(
            kindIndex: kindIndex, latencyNanos: latencyNanos, serviceNanos: OperationSample.notIssued, lagNanos: OperationSample.notIssued
        ))
        lastCompletionNanos = completionNanos
        if skippedByKind.count <= kindIndex { skippedByKind += Array(repeating: 0, count: kindIndex + 1 - skippedByKind.count) }
        skippedByKind[kindIndex] &+= 1
        if samples.count >= capacity { flush() }
    }

    /// Hands the buffered ops to the worker.
    mutating func flush() {
        for (kindIndex, count) in skippedByKind.enumerated() where count > 0 {
            errors[ErrorTally(kindIndex: kindIndex, label: LoadRunner.scheduleSkippedErrorLabel), default: 0] += count
            skippedByKind[kindIndex] = 0
        }
        guard !samples.isEmpty || !errors.isEmpty else { return }
        let isOpenLoop = isOpenLoop
        let intervalIndex = intervalIndex
        let lastCompletionNanos = lastCompletionNanos
        worker.recording.withLock { recording in
            recording.absorb(samples, errors: errors, intervalIndex: intervalIndex, lastCompletionNanos: lastCompletionNanos, isOpenLoop: isOpenLoop)
        }
        samples.removeAll(keepingCapacity: true)
        errors.removeAll(keepingCapacity: true)
    }

    private mutating func moveToInterval(containing completionNanos: UInt64) {
        flush()
        let index = min(UInt64(lastIntervalIndex), (completionNanos &- measuredStartNanos) / intervalNanos)
        intervalIndex = Int(index)
        intervalEndNanos = index == UInt64(lastIntervalIndex) ? UInt64.max : measuredStartNanos &+ (index &+ 1) &* intervalNanos
    }
}
