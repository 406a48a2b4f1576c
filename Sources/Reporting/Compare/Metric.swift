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
    case memoryAllocated = "memory"

    public var polarity: Polarity {
        self == .throughput ? .prefersLarger : .prefersSmaller
    }

    public var unit: MetricUnit {
        switch self {
        case .throughput: .opsPerSecond
        case .latencyP50, .latencyP99, .latencyP999: .nanoseconds
        case .errorCount: .count
        case .memoryAllocated: .bytes
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
