import ScaleSupport
/// Reads and writes durations such as "200us", "1.5ms", "2s" (units ns, us, µs, ms, s).
package enum NetworkDurationText {
    /// Longest duration accepted anywhere in network settings, so samples always fit in `UInt64`.
    package static let maximumNanos: UInt64 = 3_600 * 1_000_000_000

    private static let units: [(suffix: String, nanos: Double)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
    ]

    /// Nanoseconds in `text`; `what` names the field in the error message.
    package static func nanos(parsing text: String, what: String) throws(NetworkConfigError) -> UInt64 {
        let trimmed = trimmed(text)
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // "ms" also ends in "s": only accept the suffix if what remains is a number.
            guard let value = Double(number), value.isFinite else { continue }
            guard value >= 0 else {
                throw NetworkConfigError(
                    .invalidDuration, "\(what) \"\(text)\" is negative; write a duration like \"200us\" or \"1.5ms\""
                )
            }
            let nanos = value * unit.nanos
            guard nanos <= Double(maximumNanos) else {
                throw NetworkConfigError(
                    .invalidDuration, "\(what) \"\(text)\" is longer than 1 hour; write a shorter duration like \"30ms\""
                )
            }
            return UInt64(nanos.rounded())
        }
        throw NetworkConfigError(
            .invalidDuration,
            "\(what) \"\(text)\" is not a duration; write a number with a unit ns, us, ms or s, e.g. \"200us\""
        )
    }

    /// The shortest exact text for `nanos`: "2s", "1500us", "30ms", "250ns".
    package static func text(nanos: UInt64) -> String {
        if nanos == 0 { return "0s" }
        if nanos % 1_000_000_000 == 0 { return "\(nanos / 1_000_000_000)s" }
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
        if nanos % 1_000 == 0 { return "\(nanos / 1_000)us" }
        return "\(nanos)ns"
    }

    /// `text` without leading and trailing spaces.
    package static func trimmed<S: StringProtocol>(_ text: S) -> String {
        var slice = Substring(text)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
