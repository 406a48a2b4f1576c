import Foundation
import LoadGenerator

/// Human-readable numbers for tables and charts: units scaled to the value's size.
public enum MetricFormat {
    /// A value in its metric's unit: `1.25 ms`, `12.3k ops/s`, `3.1 MiB`, `12`.
    public static func format(_ value: Double, unit: MetricUnit) -> String {
        switch unit {
        case .opsPerSecond: compact(value) + " ops/s"
        case .nanoseconds: nanoseconds(value)
        case .count: value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : number(value)
        case .bytes: bytes(value)
        case .target(let unit): target(value, unit: unit)
        }
    }

    /// A design metric's value: `12`, `1.50`, `42.0%`, `3.20 ms`, `yes`.
    public static func target(_ value: Double, unit: TargetMetricUnit) -> String {
        guard value.isFinite else { return "\(value)" }
        switch unit {
        case .count: return String(Int64(value.rounded()))
        case .ratio: return String(format: "%.2f", value)
        case .fraction: return String(format: "%.1f%%", value * 100)
        case .milliseconds: return nanoseconds(value * 1e6)
        case .flag: return value > 0 ? "yes" : "no"
        }
    }

    /// `950 ns`, `12.5 µs`, `1.25 ms`, `2.00 s`.
    public static func nanoseconds(_ nanos: Double) -> String {
        let scale = LatencyScale.fitting(nanos)
        return number(nanos / scale.nanosPerUnit) + " " + scale.symbol
    }

    /// `512 B`, `3.1 KiB`, `7.8 GiB`.
    public static func bytes(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = bytes
        var index = 0
        while abs(value) >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        return (index == 0 ? String(Int64(value)) : number(value)) + " " + units[index]
    }

    /// `950`, `12.3k`, `4.56M`.
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return number(value / 1e9) + "G" }
        if magnitude >= 1e6 { return number(value / 1e6) + "M" }
        if magnitude >= 1e4 { return number(value / 1e3) + "k" }
        return number(value)
    }

    /// Three significant digits, no exponent: `0.0123`, `1.23`, `12.3`, `1234`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        if magnitude >= 100 { return String(format: "%.0f", value) }
        if magnitude >= 10 { return String(format: "%.1f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        if magnitude >= 0.01 { return String(format: "%.3f", value) }
        return String(format: "%.2e", value)
    }

    /// A change: `+4.20%`, `-12.0%`, `+∞%`.
    public static func percent(_ value: Double) -> String {
        if !value.isFinite { return value.isNaN ? "n/a" : (value > 0 ? "+∞%" : "-∞%") }
        let text = number(value) + "%"
        return value > 0 ? "+" + text : text
    }

    /// A setting as typed: `5`, `12.5`, `0.05` (no padding zeros).
    public static func setting(_ value: Double) -> String {
        String(format: "%g", value)
    }

    /// `0.012`, `<0.001`.
    public static func pValue(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : String(format: "%.3f", value)
    }
}

/// A unit latency is shown in, picked from the largest value on display.
public struct LatencyScale: Sendable, Hashable {
    public var symbol: String
    public var nanosPerUnit: Double

    public static let nanoseconds = LatencyScale(symbol: "ns", nanosPerUnit: 1)
    public static let microseconds = LatencyScale(symbol: "µs", nanosPerUnit: 1e3)
    public static let milliseconds = LatencyScale(symbol: "ms", nanosPerUnit: 1e6)
    public static let seconds = LatencyScale(symbol: "s", nanosPerUnit: 1e9)

    /// The largest unit in which `nanos` is at least 1.
    public static func fitting(_ nanos: Double) -> LatencyScale {
        let magnitude = abs(nanos)
        if magnitude >= 1e9 { return .seconds }
        if magnitude >= 1e6 { return .milliseconds }
        if magnitude >= 1e3 { return .microseconds }
        return .nanoseconds
    }
}
