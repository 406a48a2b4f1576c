import ScaleSupport
/// A load-generator failure: bad user input (CLI text, configuration) or an invalid workload.
///
/// The message is one line that names the problem and how to fix it, ready to print.
public struct LoadGeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, stable enough to match on in code and tests.
    public typealias Code = ErrorCode<LoadGeneratorError>

    /// What went wrong, for matching in code.
    public var code: Code
    /// One line: the problem, then the fix.
    public var message: String

    /// An error with `code` and a one-line `message` (problem; fix).
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension ErrorCode where Domain == LoadGeneratorError {
    /// A `RunConfiguration` / `Workload` field is out of range.
    public static let invalidConfiguration = Self("invalidConfiguration")
    /// A comma-separated list is empty or has an empty element.
    public static let invalidList = Self("invalidList")
    /// A number (count, fraction, theta) did not parse or is out of range.
    public static let invalidNumber = Self("invalidNumber")
    /// A duration is missing its unit, has an unknown unit, or is not positive.
    public static let invalidDuration = Self("invalidDuration")
    /// An arrival rate did not parse or is not positive.
    public static let invalidRate = Self("invalidRate")
    /// A key distribution name is unknown.
    public static let unknownDistribution = Self("unknownDistribution")
    /// A known key distribution has bad parameters.
    public static let invalidDistribution = Self("invalidDistribution")
    /// A latency distribution (`constant:200us`, ...) did not parse.
    public static let invalidLatencyDistribution = Self("invalidLatencyDistribution")
    /// A `name=value` assignment or sweep parameter is malformed.
    public static let invalidAssignment = Self("invalidAssignment")
    /// No synthetic target has this name.
    public static let unknownTarget = Self("unknownTarget")
    /// A synthetic target option is unknown or has a bad value.
    public static let invalidTargetOption = Self("invalidTargetOption")
    /// The system refused a resource the run needs (a thread).
    public static let resourceExhausted = Self("resourceExhausted")
}
