/// A snapshot of a running load, delivered about once per timeline interval for a status line.
public struct RunProgress: Sendable, Hashable {
    /// Warm-up (nothing recorded yet) or the measured phase.
    public enum Phase: Sendable, Hashable {
        case warmup
        case measured
    }

    /// The phase the run is in at the snapshot.
    public var phase: Phase
    /// Since the run started (warm-up included).
    public var elapsedNanos: UInt64
    /// Since the measured phase started (0 during warm-up).
    public var measuredElapsedNanos: UInt64
    /// Measured operations recorded so far (clients hand them over in small batches).
    public var operationCount: UInt64
    /// Failed measured operations recorded so far.
    public var errorCount: UInt64
    /// Completed operations per second in the last complete timeline interval (meaningless
    /// while `hasCompleteInterval` is false).
    public var throughputOpsPerSec: Double
    /// p99 latency of the last complete timeline interval (meaningless while `hasCompleteInterval` is false).
    public var latencyNanosP99: UInt64
    /// True once a measured timeline interval has ended, so rate and p99 describe data.
    public var hasCompleteInterval: Bool
    /// Length of the warm-up, so a status line can say how much of it is left.
    public var warmupNanos: UInt64

    /// A snapshot with every figure given.
    public init(
        phase: Phase, elapsedNanos: UInt64, measuredElapsedNanos: UInt64, operationCount: UInt64,
        errorCount: UInt64, throughputOpsPerSec: Double, latencyNanosP99: UInt64,
        hasCompleteInterval: Bool = true, warmupNanos: UInt64 = 0
    ) {
        self.phase = phase
        self.elapsedNanos = elapsedNanos
        self.measuredElapsedNanos = measuredElapsedNanos
        self.operationCount = operationCount
        self.errorCount = errorCount
        self.throughputOpsPerSec = throughputOpsPerSec
        self.latencyNanosP99 = latencyNanosP99
        self.hasCompleteInterval = hasCompleteInterval
        self.warmupNanos = warmupNanos
    }
}
