import ExerciseKit
@testable import NotificationExercise

/// A service that forwards every call to `base`; a buggy design overrides only the method it gets wrong.
protocol NotificationServiceDecorator: NotificationService {
    var base: ShardedNotificationService { get }
}

extension NotificationServiceDecorator {
    var cluster: Cluster { base.cluster }

    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try await base.send(notification, session: session)
    }

    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try await base.inbox(of: user, limit: limit, before: before, session: session)
    }

    func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        try await base.unreadCount(of: user, session: session)
    }

    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        try await base.markRead(id, of: user, session: session)
    }

    func follow(_ follower: UInt64, author: UInt64) async throws { try await base.follow(follower, author: author) }

    func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int {
        try await base.fanOut(from: author, payload: payload, idempotencyKey: idempotencyKey)
    }
}
