import ScaleSupport

/// An error from the caching layer: a code to match on plus a message for people.
public struct CacheError: CodedError {
    /// What went wrong, stable across versions so callers can match on it.
    public typealias Code = ErrorCode<CacheError>

    /// The kind of failure.
    public var code: Code
    /// What happened, with the values involved.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension ErrorCode where Domain == CacheError {
    /// A configuration value is out of range.
    public static let invalidConfiguration = Self("invalidConfiguration")
    /// A write-back put could not find room in the dirty set even after flushing.
    public static let dirtySetFull = Self("dirtySetFull")
}
