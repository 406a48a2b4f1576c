import ExerciseKit
import ScaleCore
@testable import NotificationExercise

/// The cached reference, the base of the cache bugs.
func cachedReference(_ cluster: Cluster, nearCache: Bool = false) throws -> ShardedNotificationService {
    try ShardedNotificationService(cluster: cluster, design: NotificationDesign(cache: .cacheAside, nearCache: nearCache))
}

/// Marks read on the shard and leaves the cached inbox head as it was: the old page and count stay.
struct MarkReadKeepsCache: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        let found = try await cluster.write(PartitionKey(user), session: session) { try InboxRows.markRead(id, of: user, on: $0) }
        guard found else { throw NotificationServiceError(.notFound, "user \(user) has no notification \(id)") }
    }
}

/// Cache-aside that deletes the head on every write and fills it from whichever replica answers,
/// ignoring the session: after the session's write deleted the head, a lagging replica's older
/// inbox is cached and served to that session.
struct ReplicaFilledCache: NotificationServiceDecorator {
    /// Uncached: the shard writes, without writing any head through.
    let base: ShardedNotificationService
    let client: CacheClient

    init(cluster: Cluster) throws {
        base = try ShardedNotificationService(cluster: cluster, design: NotificationDesign())
        client = try cluster.cacheClient()
    }

    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        let id = try await base.send(notification, session: session)
        try await client.delete(InboxCache.key(of: notification.recipient))
        return id
    }

    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        try await base.markRead(id, of: user, session: session)
        try await client.delete(InboxCache.key(of: user))
    }

    private func head(of user: UInt64) async throws -> InboxHead {
        let cluster = cluster
        let bytes = try await client.value(forKey: InboxCache.key(of: user)) {
            try await cluster.read(PartitionKey(user), reads: .any) { try InboxRows.head(of: user, on: $0) }.bytes
        }
        guard let bytes, let head = InboxHead(bytes: bytes) else { throw NotificationServiceError(.notFound, "no head for \(user)") }
        return head
    }

    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try NotificationServiceError.validate(limit: limit)
        if let page = try await head(of: user).page(limit: limit, before: before) { return page }
        return try await base.inbox(of: user, limit: limit, before: before, session: session)
    }

    func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        try await head(of: user).unreadCount
    }
}
