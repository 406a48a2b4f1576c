import Histogram

/// Percentiles and moments of one latency histogram, in nanoseconds.
public struct LatencySummary: Sendable, Hashable, Codable {
    public var meanNanos: Double
    public var p50Nanos: UInt64
    public var p90Nanos: UInt64
    public var p99Nanos: UInt64
    public var p999Nanos: UInt64
    public var maxNanos: UInt64

    public init(meanNanos: Double, p50Nanos: UInt64, p90Nanos: UInt64, p99Nanos: UInt64, p999Nanos: UInt64, maxNanos: UInt64) {
        self.meanNanos = meanNanos
        self.p50Nanos = p50Nanos
        self.p90Nanos = p90Nanos
        self.p99Nanos = p99Nanos
        self.p999Nanos = p999Nanos
        self.maxNanos = maxNanos
    }

    /// Summarizes a histogram of nanosecond values.
    public init(_ histogram: Histogram<UInt64>) {
        self.init(
            meanNanos: histogram.totalCount == 0 ? 0 : histogram.mean,
            p50Nanos: histogram.valueAtPercentile(50),
            p90Nanos: histogram.valueAtPercentile(90),
            p99Nanos: histogram.valueAtPercentile(99),
            p999Nanos: histogram.valueAtPercentile(99.9),
            maxNanos: histogram.totalCount == 0 ? 0 : histogram.max
        )
    }
}

/// A histogram stored compactly as its non-empty buckets, so it can be merged or re-analysed later.
public struct EncodedHistogram: Sendable, Hashable, Codable {
    /// Significant value digits the histogram was recorded with.
    public var significantDigits: Int8
    /// `[value, count]` for each non-empty bucket, value = the bucket's highest equivalent value.
    public var buckets: [[UInt64]]

    public init(_ histogram: Histogram<UInt64>) {
        significantDigits = histogram.numberOfSignificantValueDigits.rawValue
        buckets = histogram.recordedValues().map { [$0.value, $0.count] }
    }

    /// Rebuilds a histogram with the same buckets and counts.
    public func decode() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: SignificantDigits(rawValue: significantDigits) ?? .three)
        histogram.autoResize = true
        for bucket in buckets where bucket.count == 2 {
            _ = histogram.record(bucket[0], count: bucket[1])
        }
        return histogram
    }
}

/// Results of one operation kind (or of all operations together).
public struct OperationStats: Sendable, Hashable, Codable {
    /// Successful plus failed operations in the measured phase.
    public var count: UInt64
    /// Failed operations by `errorKindLabel`.
    public var errorsByKind: [String: UInt64]
    /// Operations completed without error per second of the measured phase (failed and skipped
    /// operations are in `count`, not here).
    public var throughputOpsPerSec: Double
    /// Latency: from the intended start in open loop (coordinated-omission corrected), from the
    /// actual start in closed loop.
    public var latency: LatencySummary
    /// Open loop only: time from actual start to completion (what an uncorrected tool reports).
    public var serviceTime: LatencySummary?
    public var latencyHistogram: EncodedHistogram
    public var serviceTimeHistogram: EncodedHistogram?

    public init(
        count: UInt64, errorsByKind: [String: UInt64], throughputOpsPerSec: Double,
        latency: LatencySummary, serviceTime: LatencySummary?,
        latencyHistogram: EncodedHistogram, serviceTimeHistogram: EncodedHistogram?
    ) {
        self.count = count
        self.errorsByKind = errorsByKind
        self.throughputOpsPerSec = throughputOpsPerSec
        self.latency = latency
        self.serviceTime = serviceTime
        self.latencyHistogram = latencyHistogram
        self.serviceTimeHistogram = serviceTimeHistogram
    }

    /// Total failed operations.
    public var errorCount: UInt64 { errorsByKind.values.reduce(0, +) }
}

/// One interval of the per-second timeline.
public struct TimelinePoint: Sendable, Hashable, Codable {
    /// Interval start, nanoseconds since the measured phase began.
    public var startNanos: UInt64
    public var operations: UInt64
    public var errors: UInt64
    /// Operations completed without error per second of the interval.
    public var throughputOpsPerSec: Double
    public var p50Nanos: UInt64
    public var p99Nanos: UInt64

    public init(startNanos: UInt64, operations: UInt64, errors: UInt64, throughputOpsPerSec: Double, p50Nanos: UInt64, p99Nanos: UInt64) {
        self.startNanos = startNanos
        self.operations = operations
        self.errors = errors
        self.throughputOpsPerSec = throughputOpsPerSec
        self.p50Nanos = p50Nanos
        self.p99Nanos = p99Nanos
    }
}

/// Memory from jemalloc (nil fields when jemalloc is not the allocator).
public struct MemoryStats: Sendable, Hashable, Codable {
    /// Live bytes of the whole process at the end of the run. Includes what thread caches hold,
    /// so it varies 10–20 % between identical processes: shown, not compared.
    public var allocatedBytes: UInt64?
    public var residentBytes: UInt64?
    /// Bytes the worker threads allocated during the measured phase, per measured operation:
    /// the same work allocates the same bytes, so this is what compare judges.
    public var allocatedBytesPerOp: Double?

    public init(allocatedBytes: UInt64?, residentBytes: UInt64?, allocatedBytesPerOp: Double? = nil) {
        self.allocatedBytes = allocatedBytes
        self.residentBytes = residentBytes
        self.allocatedBytesPerOp = allocatedBytesPerOp
    }
}

/// The process's CPU time over the measured phase (from its start until the last measured
/// operation finished): every thread of the process, so a target's background work counts too.
public struct CPUUse: Sendable, Hashable, Codable {
    public var processNanos: UInt64
    /// Wall-clock time over which `processNanos` was taken.
    public var wallNanos: UInt64

    public init(processNanos: UInt64, wallNanos: UInt64) {
        self.processNanos = processNanos
        self.wallNanos = wallNanos
    }

    /// Cores kept busy on average (at most the machine's core count).
    public var coresBusy: Double { wallNanos == 0 ? 0 : Double(processNanos) / Double(wallNanos) }

    /// CPU time per operation over `operationCount` operations (failed ones too); nil for none.
    public func nanosPerOperation(_ operationCount: UInt64) -> Double? {
        operationCount == 0 ? nil : Double(processNanos) / Double(operationCount)
    }
}

/// Open-loop schedule lag: how far behind its intended start the generator issued operations.
public struct ScheduleLag: Sendable, Hashable, Codable {
    public var p50Nanos: UInt64
    public var p99Nanos: UInt64
    public var maxNanos: UInt64
    public init(p50Nanos: UInt64, p99Nanos: UInt64, maxNanos: UInt64) {
        self.p50Nanos = p50Nanos
        self.p99Nanos = p99Nanos
        self.maxNanos = maxNanos
    }
}

/// Everything one run (one sweep cell) measured.
public struct RunResult: Sendable, Hashable, Codable {
    public var configuration: RunConfiguration
    /// Length of the measured phase.
    public var elapsedNanos: UInt64
    public var overall: OperationStats
    /// Per operation name.
    public var operations: [String: OperationStats]
    public var timeline: [TimelinePoint]
    public var memory: MemoryStats
    public var scheduleLag: ScheduleLag?
    /// CPU the process used in the measured phase; absent in files written before it was kept.
    public var cpu: CPUUse?
    /// Metrics the target reported (`LoadTarget.runMetrics()`).
    public var targetMetrics: [String: Double]
    /// What those metrics are (`LoadTarget.metricDeclarations`); absent in files written before them.
    public var targetMetricDeclarations: [TargetMetric]?

    public init(
        configuration: RunConfiguration, elapsedNanos: UInt64, overall: OperationStats,
        operations: [String: OperationStats], timeline: [TimelinePoint], memory: MemoryStats,
        scheduleLag: ScheduleLag?, targetMetrics: [String: Double], targetMetricDeclarations: [TargetMetric]? = nil
    ) {
        self.configuration = configuration
        self.elapsedNanos = elapsedNanos
        self.overall = overall
        self.operations = operations
        self.timeline = timeline
        self.memory = memory
        self.scheduleLag = scheduleLag
        self.targetMetrics = targetMetrics
        self.targetMetricDeclarations = targetMetricDeclarations
    }

    /// The declaration of each reported metric that has one.
    public var declaredMetrics: [TargetMetric] {
        (targetMetricDeclarations ?? []).filter { targetMetrics[$0.name] != nil }
    }
}
