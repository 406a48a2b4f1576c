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

    /// `value` printed in this metric's unit.
    public func format(_ value: Double) -> String { unit.format(value) }
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

    public func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        switch self {
        case .count: return "\(Int(value.rounded()))"
        case .ratio: return String(format2: value)
        case .fraction: return String(format1: value * 100) + "%"
        case .milliseconds: return value < 1 ? String(format2: value * 1000) + " µs" : String(format2: value) + " ms"
        case .flag: return value > 0 ? "yes" : "no"
        }
    }
}

extension String {
    /// `value` with two decimals, without Foundation.
    init(format2 value: Double) { self = Self.decimals(value, 2) }
    /// `value` with one decimal, without Foundation.
    init(format1 value: Double) { self = Self.decimals(value, 1) }

    private static func decimals(_ value: Double, _ places: Int) -> String {
        let scale = places == 1 ? 10.0 : 100.0
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        let digits = String(fraction)
        let padded = String(repeating: "0", count: Swift.max(0, places - digits.count)) + digits
        return (value < 0 && scaled > 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
