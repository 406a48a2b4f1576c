import ScaleSupport
/// An error from the caching layer: a code to match on plus a message for people.
public struct CacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, stable across versions so callers can match on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A configuration value is out of range.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// A write-back put could not find room in the dirty set even after flushing.
        public static let dirtySetFull = Code("dirtySetFull")

        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, with the values involved.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "CacheError.\(code): \(message)" }
}
