import ExerciseKit
import ScaleCore

/// `--set cache-capacity`: the cache tier sized as a share of the run's users, so that an LRU's
/// capacity binds and the measured hit ratio can be held against Che's estimate.
enum CacheCapacity {
    /// The `cache-capacity` option (free-form: `all` or a percentage).
    static let option = DesignOption(
        name: "cache-capacity",
        summary: "entries the cache tier holds, as a share of the run's users: all (the tier's 64 MiB per node), or 0.1% to 100%, e.g. 1%,10%,30% (at least 16 entries per node)",
        values: [], defaultValue: "all"
    )

    /// The share of the users `text` asks for, nil for `all`; a one-line error for anything else.
    static func share(_ text: String) throws -> Double? {
        if text == option.defaultValue { return nil }
        guard text.hasSuffix("%"), let percent = Double(text.dropLast()), percent >= 0.1, percent <= 100 else {
            throw ExerciseError("cache-capacity '\(text)' is not a share of the users; write all, or a percentage from 0.1% to 100% such as 10%")
        }
        return percent / 100
    }

    /// Refuses a value that is not a share, or a share without a cache tier.
    static func validate(_ configuration: ClusterConfiguration) throws {
        guard let text = configuration.options[option.name], try share(text) != nil else { return }
        if configuration.cacheNodeCount == 0 {
            throw ExerciseError("cache-capacity=\(text) sizes the cache tier; add --cache-nodes 1 (or more)")
        }
    }

    /// Sets each cache node's entry capacity to its part of the share of `keyCount` users.
    static func configure(_ configuration: inout ClusterConfiguration, keyCount: UInt64) throws {
        guard let text = configuration.options[option.name], let share = try share(text), configuration.cacheNodeCount > 0 else { return }
        let range = CacheTierConfiguration.entryCapacityRange
        let perNode = (share * Double(keyCount) / Double(configuration.cacheNodeCount)).rounded(.up)
        configuration.cacheTier.entryCapacityPerNode = Int(min(max(perNode, Double(range.lowerBound)), Double(range.upperBound)))
    }
}
