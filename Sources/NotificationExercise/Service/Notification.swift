/// A notification to store and deliver.
public struct OutgoingNotification: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The recipient.
    public var recipient: UInt64
    /// What it says (1 … `NotificationLimits.maxPayloadBytes` UTF-8 bytes).
    public var payload: String
    /// Names this send: a retry with the same key for the same recipient is the same notification.
    public var idempotencyKey: String

    public init(recipient: UInt64, payload: String, idempotencyKey: String) {
        self.recipient = recipient
        self.payload = payload
        self.idempotencyKey = idempotencyKey
    }

    public var description: String { "to \(recipient) '\(payload)' key \(idempotencyKey)" }
}

/// One notification as its recipient's inbox shows it.
public struct InboxEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    public var id: UInt64
    public var payload: String
    public var isRead: Bool

    public init(id: UInt64, payload: String, isRead: Bool) {
        self.id = id
        self.payload = payload
        self.isRead = isRead
    }

    public var description: String { "#\(id) '\(payload)'\(isRead ? " read" : "")" }
}

/// The service's limits: what a caller may ask for.
public enum NotificationLimits {
    /// Largest payload, in UTF-8 bytes.
    public static let maxPayloadBytes = 4_096
    /// Largest inbox page.
    public static let maxPageSize = 200
    /// Longest idempotency key, in UTF-8 bytes.
    public static let maxKeyBytes = 128
}
