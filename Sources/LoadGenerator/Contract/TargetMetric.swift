/// Whether a larger or a smaller value of a metric is better (package-benchmark's polarity).
public enum Polarity: String, Sendable, Hashable, Codable {
    case prefersLarger
    case prefersSmaller
}

/// A metric a target measures beyond latency and throughput (`msgs/op`, a cache's hit ratio, oversells),
/// declared by whoever measures it: how to label it, its unit, and which way is better. The bench
/// prints declared metrics under "Design metrics", results files keep the declarations, and compare
/// judges every metric with a polarity like latency: no closed list of names anywhere.
public struct TargetMetric: Sendable, Hashable, Codable {
    /// The key in `LoadTarget.runMetrics()` and the results file, e.g. `messagesPerOp`.
    public var name: String
    /// The column header, e.g. `msgs/op`.
    public var label: String
    public var unit: TargetMetricUnit
    /// Which way is better; nil for a figure that describes the run and is not judged.
    public var polarity: Polarity?

    public init(_ name: String, label: String, unit: TargetMetricUnit, polarity: Polarity?) {
        self.name = name
        self.label = label
        self.unit = unit
        self.polarity = polarity
    }
}

/// How a target metric's value reads.
public enum TargetMetricUnit: String, Sendable, Hashable, Codable {
    /// A whole number of things (keys moved, oversells).
    case count
    /// A ratio shown with two decimals (messages per operation, max/mean load).
    case ratio
    /// A fraction 0…1 shown as a percentage (hit ratio, stale reads).
    case fraction
    /// Milliseconds.
    case milliseconds
    /// 0 or 1: no or yes.
    case flag
}
