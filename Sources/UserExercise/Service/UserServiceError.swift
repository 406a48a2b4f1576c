import LoadGenerator

/// Why a UserService operation was refused. A struct wrapping a code, so new cases do not break callers.
public struct UserServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Another user already has this email.
        case duplicateEmail
        /// A user with this id already exists.
        case duplicateID
        /// No user with this id.
        case notFound
        /// The design cannot do this (e.g. a single node cannot add shards).
        case unsupported
        /// Concurrent changes to the same user kept winning; the caller may retry.
        case conflict
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public static func duplicateEmail(_ email: String) -> Self { .init(.duplicateEmail, "email \(email) is taken") }
    public static func duplicateID(_ id: UInt64) -> Self { .init(.duplicateID, "user \(id) already exists") }
    public static func notFound(_ id: UInt64) -> Self { .init(.notFound, "no user \(id)") }

    public var description: String { "\(code.rawValue): \(detail)" }
}

extension UserServiceError: LabeledError {
    public var errorKindLabel: String { code.rawValue }
}
