/// Why a search-engine call failed: a code plus a one-line message that names the fix.
public struct SearchEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Hashable {
        /// The query has more terms than `SearchEngine.maxQueryTerms`.
        case tooManyQueryTerms
        /// k is outside 1...`SearchEngine.maxResults`.
        case invalidResultCount
        /// A stored index (file or segment) is truncated or corrupt.
        case corruptIndex
        /// SQLite refused an operation.
        case storage
        /// A configured limit was exceeded (documents per segment, token count).
        case limitExceeded
        /// A test-only fault injection stopped a flush or merge as a crash would.
        case simulatedCrash
    }

    /// The kind of failure.
    public var code: Code
    /// One line: what went wrong and what to do.
    public var message: String

    /// An error of `code` saying `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
