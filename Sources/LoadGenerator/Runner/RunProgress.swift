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
    /// Throughput of the last complete timeline interval.
    public var throughputOpsPerSec: Double
    /// p99 latency of the last complete timeline interval (0 before the first one ends).
    public var latencyNanosP99: UInt64

    /// A snapshot with every figure given.
    public init(
        phase: Phase, elapsedNanos: UInt64, measuredElapsedNanos: UInt64, operationCount: UInt64,
        errorCount: UInt64, throughputOpsPerSec: Double, latencyNanosP99: UInt64
    ) {
        self.phase = phase
        self.elapsedNanos = elapsedNanos
        self.measuredElapsedNanos = measuredElapsedNanos
        self.operationCount = operationCount
        self.errorCount = errorCount
        self.throughputOpsPerSec = throughputOpsPerSec
        self.latencyNanosP99 = latencyNanosP99
    }
}
