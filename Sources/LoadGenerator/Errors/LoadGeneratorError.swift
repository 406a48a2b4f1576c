import ScaleSupport
/// A load-generator failure: bad user input (CLI text, configuration) or an invalid workload.
///
/// The message is one line that names the problem and how to fix it, ready to print.
public struct LoadGeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, stable enough to match on in code and tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// A `RunConfiguration` / `Workload` field is out of range.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A comma-separated list is empty or has an empty element.
        public static let invalidList = Code("invalidList")
        /// A number (count, fraction, theta) did not parse or is out of range.
        public static let invalidNumber = Code("invalidNumber")
        /// A duration is missing its unit, has an unknown unit, or is not positive.
        public static let invalidDuration = Code("invalidDuration")
        /// An arrival rate did not parse or is not positive.
        public static let invalidRate = Code("invalidRate")
        /// A key distribution name is unknown.
        public static let unknownDistribution = Code("unknownDistribution")
        /// A known key distribution has bad parameters.
        public static let invalidDistribution = Code("invalidDistribution")
        /// A latency distribution (`constant:200us`, ...) did not parse.
        public static let invalidLatencyDistribution = Code("invalidLatencyDistribution")
        /// A `name=value` assignment or sweep parameter is malformed.
        public static let invalidAssignment = Code("invalidAssignment")
        /// No synthetic target has this name.
        public static let unknownTarget = Code("unknownTarget")
        /// A synthetic target option is unknown or has a bad value.
        public static let invalidTargetOption = Code("invalidTargetOption")

        /// The system refused a resource the run needs (a thread).
        public static let resourceExhausted = Code("resourceExhausted")

        public var description: String { rawValue }
    }

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
