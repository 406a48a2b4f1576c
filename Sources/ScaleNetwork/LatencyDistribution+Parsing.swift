import ScaleSupport
extension LatencyDistribution {
    /// Parses a profile name ("none", "same-zone", "cross-zone", "cross-region") or a distribution:
    /// "constant:200us", "uniform:50us:150us", "normal:100us:20us", "exponential:100us",
    /// "lognormal:1ms:0.3" (median, sigma). Durations take the units ns, us, µs, ms, s.
    public init(parsing text: String) throws(NetworkConfigError) {
        let trimmed = NetworkDurationText.trimmed(text).lowercased()
        if let named = Self.namedProfiles.first(where: { $0.name == trimmed }) {
            self = named.distribution
            return
        }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let arguments = Array(parts.dropFirst())
        guard let shape = Self.shapes.first(where: { $0.name == name }) else {
            throw Self.error(text, "unknown delay profile \"\(name)\"; \(Self.usage)")
        }
        guard arguments.count == shape.arguments.count else {
            throw Self.error(text, "\(name) needs \(shape.arguments.joined(separator: " and ")); write e.g. \"\(shape.example)\"")
        }
        func duration(_ index: Int) throws(NetworkConfigError) -> UInt64 {
            do {
                return try NetworkDurationText.nanos(parsing: arguments[index], what: shape.arguments[index])
            } catch {
                throw Self.error(text, error.message)
            }
        }
        switch name {
        case "constant":
            self = .constant(nanos: try duration(0))
        case "uniform":
            let low = try duration(0)
            let high = try duration(1)
            guard low <= high else {
                throw Self.error(text, "uniform minimum is above its maximum; write the smaller first, e.g. \"uniform:50us:150us\"")
            }
            self = .uniform(minNanos: low, maxNanos: high)
        case "normal":
            self = .normal(meanNanos: try duration(0), stddevNanos: try duration(1))
        case "exponential":
            self = .exponential(meanNanos: try duration(0))
        default:
            let median = try duration(0)
            guard let sigma = Double(arguments[1]), sigma >= 0, sigma <= 4 else {
                throw Self.error(text, "lognormal sigma \"\(arguments[1])\" must be a number from 0 to 4; write e.g. \"lognormal:1ms:0.3\"")
            }
            self = .lognormal(medianNanos: median, sigma: sigma)
        }
    }

    private static let shapes: [(name: String, arguments: [String], example: String)] = [
        ("constant", ["a delay"], "constant:200us"),
        ("uniform", ["a minimum", "a maximum"], "uniform:50us:150us"),
        ("normal", ["a mean", "a standard deviation"], "normal:100us:20us"),
        ("exponential", ["a mean"], "exponential:100us"),
        ("lognormal", ["a median", "a sigma"], "lognormal:1ms:0.3"),
    ]

    /// One line listing every accepted form.
    static let usage = "use none, same-zone, cross-zone, cross-region, or a distribution like "
        + "\"constant:200us\", \"uniform:50us:150us\", \"normal:100us:20us\", \"exponential:100us\", \"lognormal:1ms:0.3\""

    private static func error(_ text: String, _ problem: String) -> NetworkConfigError {
        NetworkConfigError(.invalidDelay, "bad delay \"\(text)\": \(problem)")
    }
}

/// Stored as its parseable text, e.g. "lognormal:1ms:0.3" or "same-zone", so result files stay readable.
extension LatencyDistribution: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try LatencyDistribution(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
