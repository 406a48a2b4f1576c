import ExerciseKit
import ScaleCore

/// What a reference NotificationService does beyond sharding and replication, from `--set`.
public struct NotificationDesign: Sendable, Hashable, CustomStringConvertible {
    /// Where inbox reads are answered from.
    public enum Cache: String, Sendable, CaseIterable {
        /// Every read goes to the shard.
        case none
        /// Each user's inbox head (newest entries and unread count) cached on the cluster's cache
        /// tier; every write that changes it deletes it after the shard commits, fills come from
        /// the primary under a lease with single-flight.
        case cacheAside = "cache-aside"
    }

    /// How a fan-out reaches its followers' inboxes.
    public enum FanOut: String, Sendable, CaseIterable {
        /// One row per follower when the author posts.
        case write
        /// One post row; each follower's inbox read merges the posts it has not taken yet.
        case read
    }

    public var cache: Cache
    /// A per-instance near cache (50 ms TTL) in front of the tier for reads without a session.
    public var nearCache: Bool
    public var fanOut: FanOut

    public init(cache: Cache = .none, nearCache: Bool = false, fanOut: FanOut = .write) {
        self.cache = cache
        self.nearCache = nearCache
        self.fanOut = fanOut
    }

    public var description: String {
        (cache == .none ? "no cache" : "cache-aside\(nearCache ? " with a near cache" : "")") + ", fan-out on \(fanOut.rawValue)"
    }

    /// The `cache` option.
    public static let cacheOption = DesignOption(
        name: "cache", summary: "inbox reads: none, or cache-aside on the cache tier (needs --cache-nodes; every write stores the user's new inbox head there)",
        values: Cache.allCases.map(\.rawValue), defaultValue: Cache.none.rawValue
    )

    /// The `near-cache` option.
    public static let nearCacheOption = DesignOption(
        name: "near-cache", summary: "with cache=cache-aside, a 50 ms per-instance near cache for reads without a session (other instances' writes may be 50 ms late there)",
        values: ["off", "on"], defaultValue: "off"
    )

    /// The `fan-out` option.
    public static let fanOutOption = DesignOption(
        name: "fan-out", summary: "write: one row per follower when the author posts; read: one post row, merged into each follower's inbox when it is read",
        values: FanOut.allCases.map(\.rawValue), defaultValue: FanOut.write.rawValue
    )

    /// The design `cluster`'s `--set` options choose; a one-line error for an unknown value or a
    /// cache without cache nodes.
    public static func chosen(by cluster: Cluster) throws -> NotificationDesign {
        let options = cluster.configuration.options
        let design = NotificationDesign(
            cache: try cacheOption.value(in: options, Cache.init(rawValue:)), nearCache: try nearCacheOption.value(in: options) == "on",
            fanOut: try fanOutOption.value(in: options, FanOut.init(rawValue:))
        )
        try NotificationExercise.validate(cluster.configuration)
        return design
    }
}
