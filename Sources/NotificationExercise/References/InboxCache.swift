import ExerciseKit
import ScaleCore

/// Inbox heads on the cluster's cache tier, one key per user, written through: a write's shard
/// transaction bumps the user's version and returns the new head, which the write stores with
/// `setIfNewer` before it returns, so two writers' heads landing in either order leave the newer,
/// and a read after the write returned never sees an older head. A fan-out stores only a
/// stale marker of the new version (computing every follower's head would cost the fan-out a
/// page query per follower). A miss or a marker loads the head from the primary; misses in one
/// instance share one load (single-flight), and the loader stores what it read with `setIfNewer`
/// before it returns. Reads in a session use the tier only, never the near cache.
struct InboxCache: Sendable {
    /// The tier, without a near cache: reads in a session.
    let tier: CacheClient
    /// With `--set near-cache=on`: reads without a session, and every write (which drops its entry too).
    let near: CacheClient?

    /// Stale markers stored at once when a fan-out reaches many inboxes.
    static let writesInFlight = 64

    init(cluster: Cluster, nearCache: Bool) throws {
        tier = try cluster.cacheClient()
        near = nearCache ? try cluster.cacheClient(near: NearCacheOptions()) : nil
    }

    /// The cache key of `user`'s inbox head.
    static func key(of user: UInt64) -> String { "inbox:\(user)" }

    /// `user`'s current head: cached, else `load()`'s (then cached).
    func head(of user: UInt64, session: ClusterSession?, load: @escaping @Sendable () async throws -> InboxHead) async throws -> InboxHead {
        let client = session == nil ? near ?? tier : tier
        let key = Self.key(of: user)
        // A reader that loaded from the primary stores what it saw before it returns (the newer
        // version wins): a lease-only fill can be refused and leave an older head for later reads.
        let loadAndStore: @Sendable () async throws -> InboxHead = {
            let loaded = try await load()
            try await client.setIfNewer(loaded.bytes, forKey: key, replacingEqual: true)
            return loaded
        }
        if let bytes = try await client.value(forKey: key, load: { try await loadAndStore().bytes }),
           let head = InboxHead(bytes: bytes), head.isCurrent {
            return head
        }
        // A stale marker: the load holds at least its version, and takes its place.
        return try await loadAndStore()
    }

    /// Stores `head` of `user` unless a newer one is there (after the shard committed it).
    func writeThrough(_ head: InboxHead, of user: UInt64) async throws {
        try await (near ?? tier).setIfNewer(head.bytes, forKey: Self.key(of: user))
    }

    /// Marks the heads of the users in `versions` stale at those versions (a fan-out).
    func markStale(_ versions: [(user: UInt64, version: UInt64)]) async throws {
        let client = near ?? tier
        try await versions.forEach(inFlight: Self.writesInFlight) {
            try await client.setIfNewer(InboxHead.stale(version: $0.version).bytes, forKey: Self.key(of: $0.user))
        }
    }
}
