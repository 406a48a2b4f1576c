/// Parsers for command-line values, shared by the CLI and sweeps. Each throws a
/// `LoadGeneratorError` whose message is one line naming the problem and the fix.
public enum ParameterParsing {
    /// Splits `1,8,64` into trimmed elements; an empty list or element is an error.
    public static func list(_ text: String) throws -> [String] {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw LoadGeneratorError(.invalidList, "empty list; give comma-separated values, e.g. 1,8,64")
        }
        let elements = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        if let emptyIndex = elements.firstIndex(where: \.isEmpty) {
            throw LoadGeneratorError(.invalidList, "list '\(text)' has an empty element at position \(emptyIndex + 1); remove the extra comma")
        }
        return elements
    }

    /// Splits `name=value` at the first `=`; both sides must be non-empty.
    public static func assignment(_ text: String) throws -> (name: String, value: String) {
        guard let equals = text.firstIndex(of: "=") else {
            throw LoadGeneratorError(.invalidAssignment, "'\(text)' is not name=value; write e.g. clients=1,8,64")
        }
        let name = String(text[..<equals]).trimmingWhitespace()
        let value = String(text[text.index(after: equals)...]).trimmingWhitespace()
        guard !name.isEmpty, !value.isEmpty else {
            throw LoadGeneratorError(.invalidAssignment, "'\(text)' has an empty name or value; write e.g. clients=1,8,64")
        }
        return (name, value)
    }

    /// A positive integer count, with optional `k`/`M`/`G` suffix (`100`, `10k`, `100M`).
    public static func count(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingWhitespace()
        let multipliers: [(String, Double)] = [("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9)]
        let (number, multiplier) = splitSuffix(trimmed, multipliers) ?? (trimmed, 1)
        guard let value = Double(number), value.isFinite, value > 0,
              (value * multiplier).rounded() == value * multiplier, value * multiplier < 0x1p63
        else {
            throw LoadGeneratorError(.invalidNumber, "'\(text)' is not a positive whole count; write e.g. 64, 10k or 100M")
        }
        return UInt64(value * multiplier)
    }

    /// A finite number in `range` (thetas, fractions), named `what` in the error.
    public static func number(_ text: String, in range: ClosedRange<Double>, what: String) throws -> Double {
        guard let value = Double(text.trimmingWhitespace()), value.isFinite, range.contains(value) else {
            throw LoadGeneratorError(.invalidNumber, "\(what) '\(text)' is not a number in \(range.lowerBound)...\(range.upperBound); fix the value")
        }
        return value
    }

    /// A positive duration with a unit: `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`; decimals allowed
    /// (`1.5s`). A missing unit, zero or a negative value is an error.
    public static func durationNanos(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingWhitespace()
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
        guard let (number, nanosPerUnit) = splitSuffix(trimmed, units) else {
            throw LoadGeneratorError(.invalidDuration, "duration '\(text)' has no unit; write e.g. 10s, 500ms, 200us or 1m")
        }
        guard let value = Double(number), value.isFinite else {
            throw LoadGeneratorError(.invalidDuration, "duration '\(text)' is not a number with a unit; write e.g. 10s, 500ms, 200us or 1m")
        }
        let nanos = (value * nanosPerUnit).rounded()
        guard nanos >= 1 else {
            throw LoadGeneratorError(.invalidDuration, "duration '\(text)' is not positive; use a duration above zero, e.g. 10s")
        }
        guard nanos < 0x1p63 else {
            throw LoadGeneratorError(.invalidDuration, "duration '\(text)' is too long; use at most a few years")
        }
        return UInt64(nanos)
    }

    /// A positive arrival rate in ops/s: `1000`, `2.5k`, `1M`, optionally ending in `/s`.
    public static func ratePerSecond(_ text: String) throws -> Double {
        var trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("/s") { trimmed.removeLast(2) }
        let multipliers: [(String, Double)] = [("k", 1e3), ("K", 1e3), ("M", 1e6)]
        let (number, multiplier) = splitSuffix(trimmed, multipliers) ?? (trimmed, 1)
        guard let value = Double(number), value.isFinite else {
            throw LoadGeneratorError(.invalidRate, "rate '\(text)' is not a number; write ops per second, e.g. 1000, 2.5k or 1M")
        }
        guard value > 0 else {
            throw LoadGeneratorError(.invalidRate, "rate '\(text)' is not positive; use a rate above zero, or closed loop for max throughput")
        }
        return value * multiplier
    }

    /// The accepted key distribution forms, for error messages and help.
    public static let distributionForms =
        "uniform, zipfian[:theta], scrambled[:theta], latest[:theta], hotspot[:hotKeyFraction:hotOpFraction], sequential"

    /// A key distribution: `uniform`, `zipfian`, `zipfian:0.8`, `scrambled[:theta]`,
    /// `latest[:theta]`, `hotspot` (= `hotspot:0.2:0.8`), `hotspot:0.2:0.8`, `sequential`.
    public static func keyDistribution(_ text: String) throws -> KeyDistributionSpec {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0].lowercased()
        let arguments = Array(parts.dropFirst())
        func expectArguments(_ allowed: Set<Int>, usage: String) throws {
            guard allowed.contains(arguments.count) else {
                throw LoadGeneratorError(.invalidDistribution, "distribution '\(text)' has \(arguments.count) parameter(s); write \(usage)")
            }
        }
        func theta(usage: String) throws -> Double {
            try expectArguments([0, 1], usage: usage)
            guard let text = arguments.first else { return KeyDistributionSpec.defaultTheta }
            guard let value = Double(text), value > 0, value < 1 else {
                throw LoadGeneratorError(.invalidDistribution, "theta '\(text)' must be a number in (0, 1); write e.g. \(usage)")
            }
            return value
        }
        switch name {
        case "uniform":
            try expectArguments([0], usage: "uniform")
            return .uniform
        case "sequential":
            try expectArguments([0], usage: "sequential")
            return .sequential
        case "zipfian":
            return .zipfian(theta: try theta(usage: "zipfian:0.99"))
        case "scrambled", "scrambled-zipfian", "scrambledzipfian":
            return .scrambledZipfian(theta: try theta(usage: "scrambled:0.99"))
        case "latest":
            return .latest(theta: try theta(usage: "latest:0.99"))
        case "hotspot":
            try expectArguments([0, 2], usage: "hotspot:0.2:0.8 (hot-key fraction, hot-operation fraction)")
            guard arguments.count == 2 else { return .hotspot(hotKeyFraction: 0.2, hotOpFraction: 0.8) }
            guard let keys = Double(arguments[0]), keys > 0, keys <= 1, let ops = Double(arguments[1]), ops >= 0, ops <= 1 else {
                throw LoadGeneratorError(.invalidDistribution, "hotspot fractions '\(arguments.joined(separator: ":"))' must be in (0, 1] and [0, 1]; write e.g. hotspot:0.2:0.8")
            }
            return .hotspot(hotKeyFraction: keys, hotOpFraction: ops)
        default:
            throw LoadGeneratorError(.unknownDistribution, "unknown distribution '\(text)'; use one of \(distributionForms)")
        }
    }

    /// Splits a known suffix (longest first) off `text`; nil when none matches.
    static func splitSuffix(_ text: String, _ suffixes: [(String, Double)]) -> (String, Double)? {
        for (suffix, factor) in suffixes.sorted(by: { $0.0.count > $1.0.count }) where text.hasSuffix(suffix) {
            return (String(text.dropLast(suffix.count)).trimmingWhitespace(), factor)
        }
        return nil
    }
}

extension KeyDistributionSpec {
    /// The text `ParameterParsing.keyDistribution` reads back, e.g. `zipfian:0.99`.
    public var argumentString: String {
        switch self {
        case .uniform: "uniform"
        case .zipfian(let theta): "zipfian:\(theta)"
        case .scrambledZipfian(let theta): "scrambled:\(theta)"
        case .latest(let theta): "latest:\(theta)"
        case .hotspot(let hotKeyFraction, let hotOpFraction): "hotspot:\(hotKeyFraction):\(hotOpFraction)"
        case .sequential: "sequential"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
