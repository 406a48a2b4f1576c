import ExerciseKit
import ScaleCore

/// Cache-aside inbox heads on the cluster's cache tier, one key per user. A write deletes the
/// user's key after the shard committed and before it returns; a miss loads the head from the
/// primary and fills it under the tier's lease, so a load that a delete overtook never fills,
/// and concurrent misses in one instance share one load (single-flight). Reads in a session use
/// the tier only, never the near cache: the tier is never older than a returned write.
struct InboxCache: Sendable {
    /// The tier, without a near cache: reads in a session.
    let tier: CacheClient
    /// With `--set near-cache=on`: reads without a session, and every delete (which drops its entry too).
    let near: CacheClient?

    /// Deletes at once when a fan-out invalidates many inboxes.
    static let deletesInFlight = 64

    init(cluster: Cluster, nearCache: Bool) throws {
        tier = try cluster.cacheClient()
        near = nearCache ? try cluster.cacheClient(near: NearCacheOptions()) : nil
    }

    /// The cache key of `user`'s inbox head.
    static func key(of user: UInt64) -> String { "inbox:\(user)" }

    /// `user`'s head: cached, else `load()`'s (then cached).
    func head(of user: UInt64, session: ClusterSession?, load: @escaping @Sendable () async throws -> InboxHead) async throws -> InboxHead {
        let client = session == nil ? near ?? tier : tier
        if let bytes = try await client.value(forKey: Self.key(of: user), load: { try await load().bytes }), let head = InboxHead(bytes: bytes) {
            return head
        }
        return try await load()
    }

    /// Deletes the heads of `users` (after their shard committed the write that changed them).
    func invalidate(_ users: [UInt64]) async throws {
        let client = near ?? tier
        if users.count == 1 {
            try await client.delete(Self.key(of: users[0]))
            return
        }
        try await users.forEach(inFlight: Self.deletesInFlight) { try await client.delete(Self.key(of: $0)) }
    }
}
