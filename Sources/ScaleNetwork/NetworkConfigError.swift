import ScaleSupport
/// A network setting or fault schedule that could not be understood.
///
/// `message` is one line that names the problem and the fix, e.g.
/// `bad delay "lognormal:1ms": lognormal needs a median and a sigma; write e.g. "lognormal:1ms:0.3"`.
public struct NetworkConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of input was wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Short stable name, e.g. "invalid-delay".
        public let name: String

        /// A delay distribution or profile name.
        public static let invalidDelay = Code(name: "invalid-delay")
        /// A duration such as "200us".
        public static let invalidDuration = Code(name: "invalid-duration")
        /// A fault schedule (nemesis) string.
        public static let invalidSchedule = Code(name: "invalid-schedule")

        public var description: String { name }
    }

    public var code: Code
    /// One line: the problem and how to fix it.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
