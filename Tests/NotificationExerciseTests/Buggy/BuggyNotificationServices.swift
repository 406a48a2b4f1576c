import ExerciseKit
import ScaleCore
@testable import NotificationExercise

/// A deliberately buggy design and the check that must reject it.
typealias BuggyCase = CheckProof<any NotificationService>

extension CheckProof where Service == any NotificationService {
    /// The buggy design `make` builds, named `name`, proving `check` with a failure that says `reasonFragment`.
    init(_ name: String, caughtBy check: String, saying reasonFragment: String, make: @escaping @Sendable (Cluster) throws -> any NotificationService) {
        self.init(Implementation(name, "buggy: \(name)") { cluster in try make(cluster) }, caughtBy: check, saying: reasonFragment)
    }
}

/// The designs each NotificationService check is proven by: every check fails against at least one.
enum BuggyNotificationServices {
    static let cases: [BuggyCase] = [
        BuggyCase("oldest-first", caughtBy: "send-then-inbox", saying: "newest first") { try OldestFirstInbox(base: .init(cluster: $0)) },
        BuggyCase("check-then-insert", caughtBy: "idempotent-send", saying: "answered error") { try CheckThenInsertSend(base: .init(cluster: $0)) },
        BuggyCase("double-decrement", caughtBy: "mark-read-twice", saying: "one of three read") { try DoubleDecrementMarkRead(base: .init(cluster: $0)) },
        BuggyCase("fresh-key-fan-out", caughtBy: "fan-out-once", saying: "each post once") { try FreshKeyFanOut(base: .init(cluster: $0)) },
        BuggyCase("posts-in-merge-order", caughtBy: "fan-out-once", saying: "in posting order") { try MergeOrderedInbox(base: fanOutOnRead($0)) },
        BuggyCase("no-validation", caughtBy: "bad-input-refused", saying: "bad send") { try UnvalidatedSend(base: .init(cluster: $0)) },
        BuggyCase("counter-counts-retries", caughtBy: "matches-model", saying: "unreadCount") { try CountingRetries(base: .init(cluster: $0)) },
        BuggyCase("in-process-inboxes", caughtBy: "stateless-service-tier", saying: "instance") { _ in InProcessInboxes() },
        BuggyCase("read-then-replace", caughtBy: "linearizable-under-concurrency", saying: "no order of the concurrent operations") { try ReadThenReplaceSend(base: .init(cluster: $0)) },
        BuggyCase("session-ignored", caughtBy: "read-your-writes", saying: "own read") { try SessionIgnoringReads(base: .init(cluster: $0)) },
        BuggyCase("fire-and-forget", caughtBy: "acknowledged-survives-failover", saying: "was acknowledged") { try FireAndForgetSend(base: .init(cluster: $0)) },
        BuggyCase("direct-push", caughtBy: "push-exactly-once", saying: "a push was lost") { try DirectPushSend(base: .init(cluster: $0)) },
        BuggyCase("fresh-key-push", caughtBy: "push-exactly-once", saying: "times; a notification must show once") { try FreshKeyPushSend(base: .init(cluster: $0)) },
        BuggyCase("mark-read-keeps-cache", caughtBy: "no-stale-cached-read", saying: "a stale read") { try MarkReadKeepsCache(base: cachedReference($0)) },
        BuggyCase("near-cache-across-instances", caughtBy: "no-stale-cached-read", saying: "a near cache that other instances") { try cachedReference($0, nearCache: true) },
        BuggyCase("cache-filled-from-replicas", caughtBy: "read-your-writes-through-cache", saying: "older than the session's last write") { try ReplicaFilledCache(cluster: $0) },
    ]
}

/// Fan-out on read with the inbox in id order, so a post merged at read time sits where it was
/// merged, above what was sent after it was posted (the reference's order before it kept post times).
struct MergeOrderedInbox: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try await base.inbox(of: user, limit: limit, before: before, session: session).sorted { $0.id > $1.id }
    }
}

/// The reference with fan-out on read.
func fanOutOnRead(_ cluster: Cluster) throws -> ShardedNotificationService {
    try ShardedNotificationService(cluster: cluster, design: NotificationDesign(fanOut: .read))
}

/// Orders the inbox oldest first.
struct OldestFirstInbox: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try await base.inbox(of: user, limit: limit, before: before, session: session).reversed()
    }
}

/// Looks the key up in one call and inserts in another: right while clients take turns.
struct CheckThenInsertSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        let recipient = Int64(bitPattern: notification.recipient)
        let existing = try await cluster.read(PartitionKey(notification.recipient)) { connection in
            try connection.queryOne("SELECT seq FROM notifications WHERE recipient = ? AND idempotency_key = ?", recipient, notification.idempotencyKey) { $0.int64(at: 0) }
        }
        if let existing { return UInt64(existing) }
        return try await cluster.write(PartitionKey(notification.recipient)) { connection in
            let next = try connection.queryOne("SELECT ifnull(max(seq), 0) + 1 FROM notifications WHERE recipient = ?", recipient) { $0.int64(at: 0) } ?? 1
            try connection.run("INSERT INTO notifications (recipient, seq, payload, idempotency_key) VALUES (?, ?, ?, ?)", recipient, next, notification.payload, notification.idempotencyKey)
            try connection.run("INSERT INTO unread_counts (recipient, unread) VALUES (?, 1) ON CONFLICT (recipient) DO UPDATE SET unread = unread + 1", recipient)
            return UInt64(next)
        }
    }
}

/// Decrements the unread counter on every mark-read, read or not.
struct DoubleDecrementMarkRead: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        try await base.markRead(id, of: user, session: session)
        _ = try await cluster.write(PartitionKey(user)) { try $0.run("UPDATE unread_counts SET unread = unread - 1 WHERE recipient = ? AND ? IN (SELECT seq FROM notifications WHERE recipient = ? AND is_read = 1)", Int64(bitPattern: user), Int64(bitPattern: id), Int64(bitPattern: user)) }
        _ = try await cluster.write(PartitionKey(user)) { try $0.run("UPDATE unread_counts SET unread = unread + 1 WHERE recipient = ? AND unread < 0", Int64(bitPattern: user)) }
    }
}

/// Gives each fan-out call its own key, so a retried fan-out notifies twice.
struct FreshKeyFanOut: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int {
        try await base.fanOut(from: author, payload: payload, idempotencyKey: "\(idempotencyKey)-\(UInt64.random(in: 0...UInt64.max))")
    }
}

/// Stores whatever it is given.
struct UnvalidatedSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try await cluster.write(PartitionKey(notification.recipient)) { try InboxRows.insert(notification, on: $0) }
    }
}

/// Bumps the unread counter again when a send is retried with its key.
struct CountingRetries: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        let id = try await base.send(notification, session: session)
        try await cluster.write(PartitionKey(notification.recipient)) { connection in
            // Counts the notification once more whatever the send did, instead of only when it inserted.
            let newest = try connection.queryOne("SELECT max(seq) FROM notifications WHERE recipient = ?", Int64(bitPattern: notification.recipient)) { $0.int64(at: 0) }
            if newest != Int64(id) {
                try connection.run("UPDATE unread_counts SET unread = unread + 1 WHERE recipient = ?", Int64(bitPattern: notification.recipient))
            }
        }
        return id
    }
}

/// Keeps every inbox in this object: a second instance (a restarted app server) starts empty.
final class InProcessInboxes: NotificationService {
    private let inboxes = Locked<[UInt64: [InboxEntry]]>([:])
    private let keys = Locked<[String: UInt64]>([:])

    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let keyed = "\(notification.recipient)/\(notification.idempotencyKey)"
        if let id = keys.withLock({ $0[keyed] }) { return id }
        return inboxes.withLock { inboxes in
            let id = UInt64(inboxes[notification.recipient, default: []].count + 1)
            inboxes[notification.recipient, default: []].append(InboxEntry(id: id, payload: notification.payload, isRead: false))
            keys.withLock { $0[keyed] = id }
            return id
        }
    }

    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try NotificationServiceError.validate(limit: limit)
        return Array(inboxes.withLock { $0[user, default: []] }.reversed().filter { before == nil || $0.id < before! }.prefix(limit))
    }

    func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        inboxes.withLock { $0[user, default: []].count { !$0.isRead } }
    }

    func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        let found = inboxes.withLock { inboxes in
            guard let index = inboxes[user]?.firstIndex(where: { $0.id == id }) else { return false }
            inboxes[user]![index].isRead = true
            return true
        }
        if !found { throw NotificationServiceError(.notFound, "no \(id)") }
    }

    func follow(_ follower: UInt64, author: UInt64) async throws {}

    func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int { 0 }
}

/// Picks the next id in one call and writes it with INSERT OR REPLACE in another: two concurrent
/// sends to one recipient pick the same id and the second overwrites the first.
struct ReadThenReplaceSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let recipient = Int64(bitPattern: notification.recipient)
        let (existing, next) = try await cluster.read(PartitionKey(notification.recipient)) { connection in
            (try connection.queryOne("SELECT seq FROM notifications WHERE recipient = ? AND idempotency_key = ?", recipient, notification.idempotencyKey) { $0.int64(at: 0) },
             try connection.queryOne("SELECT ifnull(max(seq), 0) + 1 FROM notifications WHERE recipient = ?", recipient) { $0.int64(at: 0) } ?? 1)
        }
        if let existing { return UInt64(existing) }
        try await cluster.write(PartitionKey(notification.recipient)) { connection in
            let replaced = try connection.queryOne("SELECT is_read FROM notifications WHERE recipient = ? AND seq = ?", recipient, next) { $0.int64(at: 0) }
            try connection.run("INSERT OR REPLACE INTO notifications (recipient, seq, payload, idempotency_key) VALUES (?, ?, ?, ?)", recipient, next, notification.payload, notification.idempotencyKey)
            if replaced == nil || replaced == 1 {
                try connection.run("INSERT INTO unread_counts (recipient, unread) VALUES (?, 1) ON CONFLICT (recipient) DO UPDATE SET unread = unread + 1", recipient)
            }
        }
        return UInt64(next)
    }
}

/// Reads without the caller's session: a replica that has not applied the caller's write yet answers.
struct SessionIgnoringReads: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        try await base.inbox(of: user, limit: limit, before: before, session: nil)
    }

    func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        try await base.unreadCount(of: user, session: nil)
    }
}

/// Answers a send before its write is durable: the write runs in the background, and a crash loses it.
struct FireAndForgetSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let base = base
        Task { _ = try? await base.send(notification, session: nil) }
        return 1
    }
}

/// Calls the provider straight from `send`, once, ignoring its failures: a refused push is lost.
struct DirectPushSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let id = try await cluster.write(PartitionKey(notification.recipient), session: session) { try InboxRows.insert(notification, on: $0) }
        let provider = try cluster.endpoint(named: PushProvider.endpointName, request: PushRequest.self, response: Void.self)
        _ = try? await provider.call(PushRequest(device: notification.recipient, payload: notification.payload, idempotencyKey: "\(notification.recipient)/\(notification.idempotencyKey)"))
        return id
    }
}

/// Retries the provider until it answers, with a new key on every attempt: a retry after a lost
/// acknowledgement shows the notification again.
struct FreshKeyPushSend: NotificationServiceDecorator {
    let base: ShardedNotificationService
    func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        try NotificationServiceError.validate(notification)
        let id = try await cluster.write(PartitionKey(notification.recipient), session: session) { try InboxRows.insert(notification, on: $0) }
        let provider = try cluster.endpoint(named: PushProvider.endpointName, request: PushRequest.self, response: Void.self)
        for attempt in 0..<10 {
            let request = PushRequest(device: notification.recipient, payload: notification.payload, idempotencyKey: "\(notification.recipient)/\(notification.idempotencyKey)#\(attempt)")
            if (try? await provider.call(request)) != nil { break }
        }
        return id
    }
}
