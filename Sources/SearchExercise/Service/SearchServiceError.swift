import LoadGenerator
import SearchEngine

/// Why a SearchService operation was refused. A struct wrapping a code, so new cases do not break callers.
public struct SearchServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Too many query terms, or `k` out of range: the caller must change the request.
        case invalidQuery
        /// No replica of a shard answered: the caller may retry.
        case unavailable
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// The service's refusal for an engine error about the request itself; nil for any other error.
    public init?(refusing error: any Error) {
        guard let engine = error as? SearchEngineError, [.tooManyQueryTerms, .invalidResultCount].contains(engine.code) else { return nil }
        self.init(.invalidQuery, engine.message)
    }
}

extension SearchServiceError: LabeledError {
    public var errorKindLabel: String { code.rawValue }
}
