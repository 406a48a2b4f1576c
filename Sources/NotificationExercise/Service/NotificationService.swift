import ExerciseKit

/// Exercise 2: "Build a NotificationService with replication and caching: no notification lost,
/// none delivered twice, and the inbox fast."
///
/// A notification belongs to its recipient. Ids are chosen by the service: unique per recipient,
/// and a later send to the same recipient gets a larger id, so "newest first" is "largest id
/// first". Every method may be called concurrently from many clients. A `session` is the calling
/// client's (a cookie, not the service's memory): what a session wrote, its later reads must show.
public protocol NotificationService: Sendable {
    /// Stores `notification` in its recipient's inbox and returns its id. The same idempotency key
    /// for the same recipient again stores nothing and returns the first send's id.
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64

    /// Up to `limit` (1…`NotificationLimits.maxPageSize`) of `user`'s notifications, newest first;
    /// only those with an id below `before` when it is given (the next page).
    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry]

    /// How many of `user`'s notifications are unread.
    func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int

    /// Marks notification `id` of `user` read; marking it again changes nothing. Throws `notFound`
    /// for an id `user` never received.
    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws

    /// Records that `follower` follows `author` (following twice is one follow).
    func follow(_ follower: UInt64, author: UInt64) async throws

    /// Sends `payload` from `author` to every follower (a like, a post): each follower gets it
    /// once per idempotency key, however often the fan-out is retried. Returns the follower count.
    func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int
}
