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

    public var cache: Cache
    /// A per-instance near cache (50 ms TTL) in front of the tier for reads without a session.
    public var nearCache: Bool

    public init(cache: Cache = .none, nearCache: Bool = false) {
        self.cache = cache
        self.nearCache = nearCache
    }

    public var description: String {
        cache == .none ? "no cache" : "cache-aside\(nearCache ? " with a near cache" : "")"
    }

    /// The `cache` option.
    public static let cacheOption = DesignOption(
        name: "cache", summary: "inbox reads: none, or cache-aside on the cache tier (needs --cache-nodes; every write deletes the user's cached inbox head)",
        values: Cache.allCases.map(\.rawValue), defaultValue: Cache.none.rawValue
    )

    /// The `near-cache` option.
    public static let nearCacheOption = DesignOption(
        name: "near-cache", summary: "with cache=cache-aside, a 50 ms per-instance near cache for reads without a session (other instances' writes may be 50 ms late there)",
        values: ["off", "on"], defaultValue: "off"
    )

    /// The design `cluster`'s `--set` options choose; a one-line error for an unknown value or a
    /// cache without cache nodes.
    public static func chosen(by cluster: Cluster) throws -> NotificationDesign {
        let options = cluster.configuration.options
        func value(_ option: DesignOption) throws -> String {
            let chosen = options[option.name] ?? option.defaultValue
            guard option.values.contains(chosen) else {
                throw ExerciseError("unknown \(option.name) '\(chosen)'; use one of \(option.values.joined(separator: ", "))")
            }
            return chosen
        }
        let design = NotificationDesign(cache: Cache(rawValue: try value(cacheOption))!, nearCache: try value(nearCacheOption) == "on")
        if design.cache != .none, cluster.configuration.cacheNodeCount == 0 {
            throw ExerciseError("cache=\(design.cache.rawValue) needs a cache tier; add --cache-nodes 1 (or more)")
        }
        return design
    }
}
