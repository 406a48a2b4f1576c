import Foundation
import Reporting

/// Terminal spellings of the numbers Reporting formats for its reports, so both read alike.
enum Format {
    /// `850 ns`, `12.3 µs`, `4.56 ms`, `1.23 s`.
    static func nanos(_ value: Double) -> String { MetricFormat.nanoseconds(value) }

    static func nanos(_ value: UInt64) -> String { MetricFormat.nanoseconds(Double(value)) }

    /// `950/s`, `12.3k/s`, `1.20M/s`.
    static func rate(_ perSecond: Double) -> String { MetricFormat.compact(perSecond) + "/s" }

    /// Three significant digits: `1.23`, `12.3`, `123`.
    static func threeDigits(_ value: Double) -> String { MetricFormat.number(value) }

    /// `value` with exactly `decimals` digits after the point.
    static func fixed(_ value: Double, decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
