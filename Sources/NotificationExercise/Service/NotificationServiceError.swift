import LoadGenerator

/// Why a NotificationService call was refused: a code to match on and a message for people.
public struct NotificationServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The payload is empty or longer than `NotificationLimits.maxPayloadBytes`.
        case invalidPayload
        /// The idempotency key is empty or longer than `NotificationLimits.maxKeyBytes`.
        case invalidKey
        /// The page size is outside 1 … `NotificationLimits.maxPageSize`.
        case invalidLimit
        /// No such notification for this user.
        case notFound
        /// The design cannot do this.
        case unsupported
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// Throws for a payload, key or page size outside the limits.
    public static func validate(_ notification: OutgoingNotification) throws {
        try validate(payload: notification.payload, key: notification.idempotencyKey)
    }

    /// Throws for a payload or key outside the limits.
    public static func validate(payload: String, key: String) throws {
        guard (1...NotificationLimits.maxPayloadBytes).contains(payload.utf8.count) else {
            throw Self(.invalidPayload, "a payload takes 1 to \(NotificationLimits.maxPayloadBytes) bytes; got \(payload.utf8.count)")
        }
        guard (1...NotificationLimits.maxKeyBytes).contains(key.utf8.count) else {
            throw Self(.invalidKey, "an idempotency key takes 1 to \(NotificationLimits.maxKeyBytes) bytes; got \(key.utf8.count)")
        }
    }

    /// Throws for a page size outside the limits.
    public static func validate(limit: Int) throws {
        guard (1...NotificationLimits.maxPageSize).contains(limit) else {
            throw Self(.invalidLimit, "an inbox page holds 1 to \(NotificationLimits.maxPageSize) entries; got \(limit)")
        }
    }
}

extension NotificationServiceError: LabeledError {
    public var errorKindLabel: String { code.rawValue }
}
