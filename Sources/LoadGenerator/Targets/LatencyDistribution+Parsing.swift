extension LatencyDistribution {
    /// The accepted forms, for error messages and help.
    public static let forms =
        "constant:200us, uniform:100us:300us, normal:200us:50us, exponential:200us, lognormal:200us:0.5 (median, sigma), or a bare duration"

    /// Parses `constant:200us`, `uniform:MIN:MAX`, `normal:MEAN:STDDEV`, `exponential:MEAN`,
    /// `lognormal:MEDIAN:SIGMA`, or a bare duration (`200us`, meaning constant).
    public static func parse(_ text: String) throws -> LatencyDistribution {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let arguments = Array(parts.dropFirst())
        func fail(_ problem: String) -> LoadGeneratorError {
            LoadGeneratorError(.invalidLatencyDistribution, "latency distribution '\(text)': \(problem); use \(forms)")
        }
        func expectArgumentCount(_ count: Int) throws {
            guard arguments.count == count else { throw fail("expected \(count) parameter(s), got \(arguments.count)") }
        }
        func duration(_ index: Int) throws -> UInt64 {
            do {
                return try ParameterParsing.durationNanos(arguments[index])
            } catch let error as LoadGeneratorError {
                throw fail(error.message)
            }
        }
        switch parts[0].lowercased() {
        case "constant":
            try expectArgumentCount(1)
            return .constant(nanos: try duration(0))
        case "uniform":
            try expectArgumentCount(2)
            let (minNanos, maxNanos) = (try duration(0), try duration(1))
            guard minNanos <= maxNanos else { throw fail("minimum exceeds maximum") }
            return .uniform(minNanos: minNanos, maxNanos: maxNanos)
        case "normal":
            try expectArgumentCount(2)
            return .normal(meanNanos: try duration(0), standardDeviationNanos: try duration(1))
        case "exponential":
            try expectArgumentCount(1)
            return .exponential(meanNanos: try duration(0))
        case "lognormal":
            try expectArgumentCount(2)
            guard let sigma = Double(arguments[1]), sigma.isFinite, sigma >= 0 else {
                throw fail("sigma '\(arguments[1])' must be a number >= 0")
            }
            return .lognormal(medianNanos: try duration(0), sigma: sigma)
        default:
            guard parts.count == 1, let nanos = try? ParameterParsing.durationNanos(parts[0]) else {
                throw fail("unknown form")
            }
            return .constant(nanos: nanos)
        }
    }

    /// The text `parse` reads back (durations in nanoseconds).
    public var argumentString: String {
        switch self {
        case .constant(let nanos): "constant:\(nanos)ns"
        case .uniform(let minNanos, let maxNanos): "uniform:\(minNanos)ns:\(maxNanos)ns"
        case .normal(let meanNanos, let standardDeviationNanos): "normal:\(meanNanos)ns:\(standardDeviationNanos)ns"
        case .exponential(let meanNanos): "exponential:\(meanNanos)ns"
        case .lognormal(let medianNanos, let sigma): "lognormal:\(medianNanos)ns:\(sigma)"
        }
    }
}
