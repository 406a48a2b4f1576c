import ScaleSupport
import ScaleNetwork

// The synthetic targets draw from the same `LatencyDistribution` as the simulated network.
extension LatencyDistribution {
    /// The accepted forms, for error messages and help.
    public static let forms =
        "constant:200us, uniform:100us:300us, normal:200us:50us, exponential:200us, lognormal:200us:0.5 (median, sigma), or a bare duration"

    /// Parses a distribution (see `LatencyDistribution(parsing:)`) or a bare duration (`200us`,
    /// meaning constant), reporting problems as a `LoadGeneratorError`.
    public static func parse(_ text: String) throws -> LatencyDistribution {
        if let nanos = try? ParameterParsing.durationNanos(text) { return .constant(nanos: nanos) }
        do {
            return try LatencyDistribution(parsing: text)
        } catch {
            throw LoadGeneratorError(.invalidLatencyDistribution, "latency distribution '\(text)': \(error.message); or use a bare duration")
        }
    }
}
