import ExerciseKit
import ScaleCore
import Testing
@testable import NotificationExercise

/// `--set cache-start=cold` empties the cache tier after loading; `warm` (the default) leaves every
/// loaded inbox in it.
@Suite(.serialized) struct CacheStartTests {
    /// Loads 20 users on the cached design, then reads every inbox once: the hits and misses of those reads.
    static func firstReads(cacheStart: String) async throws -> (hits: Int, misses: Int) {
        var configuration = ClusterConfiguration(shardCount: 2, storageMode: .memory)
        configuration.cacheNodeCount = 1
        let cluster = try await Cluster.start(configuration, migrations: NotificationSchema.migrations)
        try PushProvider.setUp(on: cluster)
        let service = try ShardedNotificationService(cluster: cluster, design: NotificationDesign(cache: .cacheAside))
        let run = ScenarioRun(keyCount: 20, options: [NotificationScenarios.cacheStartOption.name: cacheStart], cluster: cluster)
        try await NotificationScenarios.loadInboxes(service, run)
        let before = try cluster.cache.statistics()
        for user in 0..<UInt64(20) { _ = try await service.inbox(of: user, limit: 20, before: nil, session: nil) }
        let after = try cluster.cache.statistics()
        await cluster.shutdown()
        return (after.hits - before.hits, after.misses - before.misses)
    }

    @Test func coldStartsEmptyAndWarmStartsFull() async throws {
        let cold = try await Self.firstReads(cacheStart: "cold")
        #expect(cold.misses >= 20, "every first read misses a flushed tier: \(cold)")
        let warm = try await Self.firstReads(cacheStart: "warm")
        #expect(warm.misses == 0 && warm.hits >= 20, "every loaded inbox is cached: \(warm)")
    }
}
