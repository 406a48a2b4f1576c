/// Human units for the terminal: nanoseconds inside, `µs`/`ms`/`s` on screen.
enum Format {
    /// `850ns`, `12.3µs`, `4.56ms`, `1.23s`.
    static func nanos(_ value: Double) -> String {
        switch value {
        case ..<1_000: "\(Int(value.rounded()))ns"
        case ..<1_000_000: threeDigits(value / 1_000) + "µs"
        case ..<1_000_000_000: threeDigits(value / 1_000_000) + "ms"
        default: threeDigits(value / 1_000_000_000) + "s"
        }
    }

    static func nanos(_ value: UInt64) -> String { nanos(Double(value)) }

    /// `950/s`, `12.3k/s`, `1.20M/s`.
    static func rate(_ perSecond: Double) -> String {
        switch perSecond {
        case ..<1_000: "\(Int(perSecond.rounded()))/s"
        case ..<1_000_000: threeDigits(perSecond / 1_000) + "k/s"
        default: threeDigits(perSecond / 1_000_000) + "M/s"
        }
    }

    /// `512B`, `1.50KiB`, `12.0MiB`.
    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = Double(value)
        var unit = 0
        while scaled >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value)B" : threeDigits(scaled) + units[unit]
    }

    /// A plain number with up to 3 significant digits after scaling (`1.23`, `12.3`, `123`).
    static func threeDigits(_ value: Double) -> String {
        let decimals = value < 10 ? 2 : (value < 100 ? 1 : 0)
        return fixed(value, decimals: decimals)
    }

    /// `value` with exactly `decimals` digits after the point (no Foundation formatter needed).
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
