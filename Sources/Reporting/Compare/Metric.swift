import LoadGenerator

/// Whether a larger or a smaller value of a metric is better (package-benchmark's polarity).
public enum Polarity: String, Sendable, Hashable, Codable {
    case prefersLarger
    case prefersSmaller
}

/// The unit a metric's raw value is in.
public enum MetricUnit: String, Sendable, Hashable, Codable {
    case opsPerSecond
    case nanoseconds
    case count
    case bytes
}

/// A figure compared across results; raw values are the names the CLI accepts (`--metric p99`).
public enum Metric: String, CaseIterable, Sendable, Hashable, Codable {
    case throughput
    case latencyP50 = "p50"
    case latencyP99 = "p99"
    case latencyP999 = "p99.9"
    case errorCount = "errors"
    /// Live process bytes at the end of a run: varies 10–20 % between identical processes
    /// (thread caches), so it is reported but not compared by default.
    case memoryAllocated = "memory"
    /// Bytes the load's threads allocated per measured operation: stable for the same work.
    case allocatedBytesPerOp = "bytes/op"
    /// Open loop: service time p99 (from the actual start, not coordinated-omission corrected).
    case serviceP99 = "service-p99"
    /// Open loop: schedule lag p99, how late the generator issued operations.
    case scheduleLagP99 = "lag-p99"

    /// What compare judges unless told otherwise: live memory and schedule lag describe the
    /// process and the generator, not the code under test.
    public static let comparedByDefault: [Metric] = [.throughput, .latencyP50, .latencyP99, .latencyP999, .errorCount, .allocatedBytesPerOp, .serviceP99]

    /// Changes smaller than this, in the metric's unit, never count (a few bytes per op on a
    /// target that allocates almost nothing is no regression however large in percent).
    public var absoluteFloor: Double {
        self == .allocatedBytesPerOp ? 16 : 0
    }

    public var polarity: Polarity {
        self == .throughput ? .prefersLarger : .prefersSmaller
    }

    public var unit: MetricUnit {
        switch self {
        case .throughput: .opsPerSecond
        case .latencyP50, .latencyP99, .latencyP999, .serviceP99, .scheduleLagP99: .nanoseconds
        case .errorCount: .count
        case .memoryAllocated, .allocatedBytesPerOp: .bytes
        }
    }

    /// Column and row label.
    public var displayName: String {
        switch self {
        case .throughput: "throughput"
        case .latencyP50: "p50"
        case .latencyP99: "p99"
        case .latencyP999: "p99.9"
        case .errorCount: "errors"
        case .memoryAllocated: "memory allocated"
        case .allocatedBytesPerOp: "bytes/op"
        case .serviceP99: "service p99"
        case .scheduleLagP99: "lag p99"
        }
    }

    /// The metric's value in one run (all operations together); nil when the run did not measure it.
    public func value(in result: RunResult) -> Double? {
        let value: Double? = switch self {
        case .throughput: result.overall.throughputOpsPerSec
        case .latencyP50: Double(result.overall.latency.p50Nanos)
        case .latencyP99: Double(result.overall.latency.p99Nanos)
        case .latencyP999: Double(result.overall.latency.p999Nanos)
        case .errorCount: Double(result.overall.errorCount)
        case .memoryAllocated: result.memory.allocatedBytes.map { Double($0) }
        case .allocatedBytesPerOp: result.memory.allocatedBytesPerOp
        case .serviceP99: result.overall.serviceTime.map { Double($0.p99Nanos) }
        case .scheduleLagP99: result.scheduleLag.map { Double($0.p99Nanos) }
        }
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// Parses a CLI name: the raw value or the display name, case-insensitively.
    public init?(argument: String) {
        let wanted = argument.lowercased()
        guard let match = Metric.allCases.first(where: { $0.rawValue == wanted || $0.displayName == wanted }) else {
            return nil
        }
        self = match
    }

    /// The value formatted with its unit (`1.25 ms`, `12.3k ops/s`).
    public func format(_ value: Double) -> String {
        MetricFormat.format(value, unit: unit)
    }
}
