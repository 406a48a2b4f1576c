/// A call an external endpoint refused (a lost acknowledgement is a `NetworkError` `.timeout`).
public struct EndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// How the endpoint refused, stable so callers can match on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Refused before the handler ran; a later retry may succeed.
        public static let transient = Code("transient")
        /// Rejected for good; the caller must not retry.
        public static let permanent = Code("permanent")

        public var description: String { name }
    }

    /// The kind of refusal.
    public var code: Code
    /// The endpoint's name.
    public var endpoint: String

    /// Creates an error.
    public init(_ code: Code, endpoint: String) {
        self.code = code
        self.endpoint = endpoint
    }

    /// Whether a retry may succeed.
    public var isRetryable: Bool { code == .transient }

    public var description: String { "EndpointError.\(code): endpoint '\(endpoint)' refused the call (\(isRetryable ? "retry later" : "do not retry"))" }
}
