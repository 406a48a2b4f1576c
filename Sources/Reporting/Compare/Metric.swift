import LoadGenerator

/// The unit a metric's raw value is in.
public enum MetricUnit: Sendable, Hashable {
    case opsPerSecond
    case nanoseconds
    case count
    case bytes
    /// A design metric's own unit (`msgs/op`, a hit ratio).
    case target(TargetMetricUnit)

    /// `count`, `bytes`, `fraction`, … as a word for messages.
    public var rawValue: String {
        switch self {
        case .opsPerSecond: "opsPerSecond"
        case .nanoseconds: "nanoseconds"
        case .count: "count"
        case .bytes: "bytes"
        case .target(let unit): unit.rawValue
        }
    }
}

/// A figure compared across results: the built-in latency, throughput, error and memory figures,
/// and every design metric an exercise declares (`TargetMetric` with a polarity). A built-in's raw
/// value is the name the CLI accepts (`--threshold p99=15`); a design metric's is its key.
public struct Metric: Sendable, Hashable {
    /// The CLI name: `p99`, `throughput`, or a design metric's key (`messagesPerOp`).
    public let rawValue: String
    /// Column and row label.
    public let displayName: String
    public let unit: MetricUnit
    public let polarity: Polarity
    /// Changes smaller than this, in the metric's unit, never count (a few bytes per op on a
    /// target that allocates almost nothing is no regression however large in percent).
    public let absoluteFloor: Double
    private let source: Source

    private enum Source: Hashable {
        case throughput, p50, p99, p999, errors, memory, bytesPerOp, serviceP99, lagP99, cpuPerOp
        case target
    }

    private init(_ rawValue: String, _ displayName: String, _ unit: MetricUnit, _ polarity: Polarity, floor: Double = 0, _ source: Source) {
        self.rawValue = rawValue
        self.displayName = displayName
        self.unit = unit
        self.polarity = polarity
        absoluteFloor = floor
        self.source = source
    }

    public static let throughput = Metric("throughput", "throughput", .opsPerSecond, .prefersLarger, .throughput)
    public static let latencyP50 = Metric("p50", "p50", .nanoseconds, .prefersSmaller, .p50)
    public static let latencyP99 = Metric("p99", "p99", .nanoseconds, .prefersSmaller, .p99)
    public static let latencyP999 = Metric("p99.9", "p99.9", .nanoseconds, .prefersSmaller, .p999)
    public static let errorCount = Metric("errors", "errors", .count, .prefersSmaller, .errors)
    /// Live process bytes at the end of a run: varies 10–20 % between identical processes
    /// (thread caches), so it is reported but not compared by default.
    public static let memoryAllocated = Metric("memory", "memory allocated", .bytes, .prefersSmaller, .memory)
    /// Bytes the load's threads allocated per measured operation: stable for the same work.
    public static let allocatedBytesPerOp = Metric("bytes/op", "bytes/op", .bytes, .prefersSmaller, floor: 16, .bytesPerOp)
    /// Open loop: service time p99 (from the actual start, not coordinated-omission corrected).
    public static let serviceP99 = Metric("service-p99", "service p99", .nanoseconds, .prefersSmaller, .serviceP99)
    /// Open loop: schedule lag p99, how late the generator issued operations.
    public static let scheduleLagP99 = Metric("lag-p99", "lag p99", .nanoseconds, .prefersSmaller, .lagP99)

    /// The process's CPU time per measured operation: on a machine shared with other work a
    /// cell can wait for the CPU, so this is the cost figure when throughput swings.
    public static let cpuPerOperation = Metric("cpu/op", "cpu/op", .nanoseconds, .prefersSmaller, .cpuPerOp)

    /// A design metric a target declared; nil when it has no polarity (not judged).
    public static func design(_ declaration: TargetMetric) -> Metric? {
        guard let polarity = declaration.polarity else { return nil }
        return Metric(declaration.name, declaration.label, .target(declaration.unit), polarity, .target)
    }

    /// The built-in metrics.
    public static let allCases: [Metric] = [
        .throughput, .latencyP50, .latencyP99, .latencyP999, .errorCount, .memoryAllocated, .allocatedBytesPerOp, .serviceP99, .scheduleLagP99, .cpuPerOperation,
    ]

    /// What compare judges unless told otherwise: live memory and schedule lag describe the
    /// process and the generator, not the code under test, and CPU per operation counts every
    /// thread of the process (its noise between identical runs is not measured yet). Declared
    /// design metrics come on top.
    public static let comparedByDefault: [Metric] = [.throughput, .latencyP50, .latencyP99, .latencyP999, .errorCount, .allocatedBytesPerOp, .serviceP99]

    /// The judged design metrics declared in `results`, in order of first appearance.
    public static func designMetrics(in results: [RunResult]) -> [Metric] {
        var seen = Set<String>()
        return results.flatMap(\.declaredMetrics).compactMap(design).filter { seen.insert($0.rawValue).inserted }
    }

    /// The metric's value in one run (all operations together); nil when the run did not measure it.
    public func value(in result: RunResult) -> Double? {
        let value: Double? = switch source {
        case .throughput: result.overall.throughputOpsPerSec
        case .p50: Double(result.overall.latency.p50Nanos)
        case .p99: Double(result.overall.latency.p99Nanos)
        case .p999: Double(result.overall.latency.p999Nanos)
        case .errors: Double(result.overall.errorCount)
        case .memory: result.memory.allocatedBytes.map { Double($0) }
        case .bytesPerOp: result.memory.allocatedBytesPerOp
        case .serviceP99: result.overall.serviceTime.map { Double($0.p99Nanos) }
        case .lagP99: result.scheduleLag.map { Double($0.p99Nanos) }
        case .cpuPerOp: result.cpu?.nanosPerOperation(result.overall.count)
        case .target: result.targetMetrics[rawValue]
        }
        guard let value, value.isFinite else { return nil }
        return value
    }

    /// Parses a CLI name of a built-in metric: the raw value or the display name, case-insensitively.
    public init?(argument: String) {
        let wanted = argument.lowercased()
        guard let match = Metric.allCases.first(where: { $0.rawValue == wanted || $0.displayName == wanted }) else {
            return nil
        }
        self = match
    }

    /// The value formatted with its unit (`1.25 ms`, `12.3k ops/s`, `0.42 msgs/op`).
    public func format(_ value: Double) -> String {
        MetricFormat.format(value, unit: unit)
    }
}
