import Histogram

/// Everything one worker's clients measured; guarded by its `WorkerRecorder`'s mutex during the
/// run, merged across workers with `add(_:)` at the end.
struct WorkerRecording: Sendable {
    var latencyByKind: [Histogram<UInt64>]
    /// Open loop: actual start to completion, for ops that were issued.
    var serviceTimeByKind: [Histogram<UInt64>]
    var errorsByKind: [[String: UInt64]]
    /// Open loop: actual start minus intended start.
    var scheduleLag: Histogram<UInt64>
    /// One entry per timeline interval, indexed from the start of the measured phase.
    var intervals: [IntervalRecording]
    var operationCount: UInt64 = 0
    var errorCount: UInt64 = 0
    /// Latest completion time seen (monotonic nanos), 0 when nothing was recorded.
    var lastCompletionNanos: UInt64 = 0

    init(kindCount: Int) {
        latencyByKind = (0..<kindCount).map { _ in Self.makeHistogram() }
        serviceTimeByKind = (0..<kindCount).map { _ in Self.makeHistogram() }
        errorsByKind = Array(repeating: [:], count: kindCount)
        scheduleLag = Self.makeHistogram()
        intervals = []
    }

    /// The histogram every latency is recorded into: 3 significant digits, growing as needed.
    static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(numberOfSignificantValueDigits: .three)
    }

    /// Takes over one client batch; all samples completed in timeline interval `intervalIndex`.
    mutating func absorb(
        _ samples: [OperationSample], errors: [ErrorTally: UInt64],
        intervalIndex: Int, lastCompletionNanos completionNanos: UInt64, isOpenLoop: Bool
    ) {
        while intervals.count <= intervalIndex { intervals.append(IntervalRecording()) }
        var batchErrorCount: UInt64 = 0
        for (tally, count) in errors {
            errorsByKind[tally.kindIndex][tally.label, default: 0] += count
            batchErrorCount += count
        }
        intervals[intervalIndex].absorb(samples, errorCount: batchErrorCount)
        for sample in samples {
            latencyByKind[sample.kindIndex].record(sample.latencyNanos)
            if isOpenLoop, sample.wasIssued {
                serviceTimeByKind[sample.kindIndex].record(sample.serviceNanos)
                scheduleLag.record(sample.lagNanos)
            }
        }
        operationCount += UInt64(samples.count)
        errorCount += batchErrorCount
        lastCompletionNanos = max(lastCompletionNanos, completionNanos)
    }

    /// Adds another worker's recording into this one.
    mutating func add(_ other: WorkerRecording) {
        for kind in latencyByKind.indices {
            latencyByKind[kind].add(other.latencyByKind[kind])
            serviceTimeByKind[kind].add(other.serviceTimeByKind[kind])
            errorsByKind[kind].merge(other.errorsByKind[kind], uniquingKeysWith: +)
        }
        scheduleLag.add(other.scheduleLag)
        while intervals.count < other.intervals.count { intervals.append(IntervalRecording()) }
        for index in other.intervals.indices { intervals[index].add(other.intervals[index]) }
        operationCount += other.operationCount
        errorCount += other.errorCount
        lastCompletionNanos = max(lastCompletionNanos, other.lastCompletionNanos)
    }
}

/// One timeline interval of one worker: ops, errors and a coarse latency histogram.
struct IntervalRecording: Sendable {
    /// Two significant digits: enough for a per-second p50/p99, a tenth of the memory.
    var latency = Histogram<UInt64>(numberOfSignificantValueDigits: .two)
    var operationCount: UInt64 = 0
    var errorCount: UInt64 = 0

    mutating func absorb(_ samples: [OperationSample], errorCount batchErrorCount: UInt64) {
        for sample in samples { latency.record(sample.latencyNanos) }
        operationCount += UInt64(samples.count)
        errorCount += batchErrorCount
    }

    mutating func add(_ other: IntervalRecording) {
        latency.add(other.latency)
        operationCount += other.operationCount
        errorCount += other.errorCount
    }
}

/// One completed (or skipped) operation waiting in a client's buffer.
struct OperationSample: Sendable {
    var kindIndex: Int
    var latencyNanos: UInt64
    var serviceNanos: UInt64
    var lagNanos: UInt64

    /// Skipped open-loop ops (bounded catch-up) were never issued, so have no service time or lag.
    static let notIssued = UInt64.max
    var wasIssued: Bool { serviceNanos != Self.notIssued }
}

/// Errors are tallied per (operation kind, error label).
struct ErrorTally: Hashable, Sendable {
    var kindIndex: Int
    var label: String
}
