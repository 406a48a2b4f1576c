import ExerciseKit
import ScaleCore

/// Inboxes sharded by recipient: a notification, its recipient's unread counter and its
/// idempotency key live on one shard and change in one transaction, so a retried send stores
/// nothing twice and the counter never drifts from the rows. With `--replicas`, writes go to each
/// shard's primary and reads where `--set reads` says; the caller's session gives read-your-writes.
/// Fan-out on write: one transaction per follower shard inserts every follower's copy. Pushes go
/// through the cluster's durable queue to the provider, once per notification (`PushDelivery`).
/// With `--set cache=cache-aside`, inbox pages and unread counts are read through `InboxCache`,
/// and every write stores the heads it changed (written through, ordered by version) before it returns.
public final class ShardedNotificationService: NotificationService {
    let cluster: Cluster
    let push: PushDelivery
    let design: NotificationDesign
    let cache: InboxCache?

    /// The design `--set` chooses on `cluster`.
    public convenience init(cluster: Cluster) throws {
        try self.init(cluster: cluster, design: NotificationDesign.chosen(by: cluster))
    }

    public convenience init(cluster: Cluster, design: NotificationDesign) throws {
        try self.init(cluster: cluster, design: design, pushQueue: PushDelivery.queueConfiguration)
    }

    /// `design` with its pushes on a queue opened with `pushQueue`.
    init(cluster: Cluster, design: NotificationDesign, pushQueue: WorkQueueConfiguration) throws {
        self.cluster = cluster
        self.design = design
        try cluster.shardMap()
        push = try PushDelivery(cluster: cluster, configuration: pushQueue)
        cache = design.cache == .cacheAside ? try InboxCache(cluster: cluster, nearCache: design.nearCache) : nil
    }

    public func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let (caching, byTime) = (cache != nil, self.byTime)
        let (id, head) = try await cluster.write(PartitionKey(notification.recipient), kind: .notificationSend, session: session) { connection in
            (try InboxRows.insert(notification, on: connection), caching ? try InboxRows.head(of: notification.recipient, byTime: byTime, on: connection) : nil)
        }
        // Every time, a retry too: the first attempt may have committed and failed to store it.
        if let head { try await cache?.writeThrough(head, of: notification.recipient) }
        // After the row: a send that fails here is retried by its client, and both steps take a retry once.
        try await push.schedule(notification)
        return id
    }

    public func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try NotificationServiceError.validate(limit: limit)
        try await mergePosts(into: user, session: session)
        if let cache, let page = try await cache.head(of: user, session: session, load: { try await self.loadHead(of: user) }).page(limit: limit, before: before) {
            return page
        }
        let byTime = self.byTime
        return try await cluster.read(PartitionKey(user), kind: .notificationInbox, session: session) {
            try InboxRows.page(of: user, limit: limit, before: before, byTime: byTime, on: $0)
        }
    }

    public func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        try await mergePosts(into: user, session: session)
        if let cache { return try await cache.head(of: user, session: session, load: { try await self.loadHead(of: user) }).unreadCount }
        return try await cluster.read(PartitionKey(user), kind: .notificationUnread, session: session) { try InboxRows.unreadCount(of: user, on: $0) }
    }

    public func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        let (caching, byTime) = (cache != nil, self.byTime)
        let (found, head) = try await cluster.write(PartitionKey(user), kind: .notificationMarkRead, session: session) { connection in
            (try InboxRows.markRead(id, of: user, on: connection), caching ? try InboxRows.head(of: user, byTime: byTime, on: connection) : nil)
        }
        // Also when it was read already: a retry must store what a failed first attempt did not.
        if found, let head { try await cache?.writeThrough(head, of: user) }
        guard found else { throw NotificationServiceError(.notFound, "user \(user) has no notification \(id)") }
    }

    public func follow(_ follower: UInt64, author: UInt64) async throws {
        let newest = try await cluster.write(PartitionKey(author), kind: .notificationFollow) { connection in
            try InboxRows.follow(follower, author: author, on: connection)
            return try PostRows.newestPost(of: author, on: connection)
        }
        guard design.fanOut == .read else { return }
        // A new follower's inbox takes the author's posts from now on, as fan-out on write would.
        try await cluster.write(PartitionKey(follower), kind: .notificationFollow) { try PostRows.startFollowing(follower, author: author, after: newest, on: $0) }
    }

    public func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int {
        try NotificationServiceError.validate(payload: payload, key: idempotencyKey)
        if design.fanOut == .read {
            return try await cluster.write(PartitionKey(author), kind: .notificationFanOut) { connection in
                try PostRows.post(by: author, payload: payload, idempotencyKey: idempotencyKey, on: connection)
                return try PostRows.followerCount(of: author, on: connection)
            }
        }
        let followers = try await cluster.read(PartitionKey(author), kind: .notificationFanOut, reads: .primary) {
            try InboxRows.followers(of: author, on: $0)
        }
        // One transaction per shard: all of that shard's followers at once.
        let map = try cluster.shardMap()
        let byShard = Dictionary(grouping: followers) { map.route(for: PartitionKey($0)).writeShard }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for recipients in byShard.values {
                group.addTask { [cluster] in
                    let notifications = recipients.map { OutgoingNotification(recipient: $0, payload: payload, idempotencyKey: idempotencyKey) }
                    let versions = try await cluster.write(PartitionKey(recipients[0]), kind: .notificationFanOut) { connection in
                        try notifications.map { notification in
                            _ = try InboxRows.insert(notification, on: connection)
                            return (user: notification.recipient, version: try InboxRows.version(of: notification.recipient, on: connection))
                        }
                    }
                    try await self.cache?.markStale(versions)
                    try await self.push.schedule(notifications)
                }
            }
            try await group.waitForAll()
        }
        return followers.count
    }

    /// A cache fill: the head from the primary, which holds every returned write.
    func loadHead(of user: UInt64) async throws -> InboxHead {
        let byTime = self.byTime
        return try await cluster.read(PartitionKey(user), kind: .notificationInbox, reads: .primary) { try InboxRows.head(of: user, byTime: byTime, on: $0) }
    }

    /// Whether inboxes read in the order entries were made (fan-out on read merges posts late).
    var byTime: Bool { design.fanOut == .read }
}
