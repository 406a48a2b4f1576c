import ExerciseKit
import LoadGenerator
import ScaleCore

/// Exercise 2: "Build a NotificationService with replication and caching".
public enum NotificationExercise {
    public static let descriptor = ExerciseDescriptor(
        shortName: "notification", title: "NotificationService with replication and caching", difficulty: .medium,
        stubPath: "Exercises/NotificationService/MyNotificationService.swift", readmePath: "Exercises/NotificationService/README.md"
    )

    /// The `provider` option: how the push provider fails.
    public static let providerOption = DesignOption(
        name: "provider", summary: "how the push provider fails: reliable, or flaky (3 % refused, 2 % acknowledgements lost)",
        values: ProviderBehaviour.allCases.map(\.rawValue), defaultValue: ProviderBehaviour.reliable.rawValue
    )

    /// The reference designs, `reference` first.
    public static let references: [Implementation<any NotificationService>] = [
        Implementation("reference", "inboxes sharded by recipient; send, counter and idempotency key in one shard transaction; fan-out on write, one transaction per follower shard; replicas and read policy from --replicas and --set replication/reads") { cluster in
            try ShardedNotificationService(cluster: cluster)
        },
        Implementation("cached", "the reference with cache-aside inbox heads (newest 50 entries and the unread count, one key per user) on the cache tier (needs --cache-nodes): every write stores the head it changed (written through, ordered by version) before it returns, misses load from the primary with single-flight; --set cache-capacity sizes the tier; --set near-cache=on adds a 50 ms near cache for reads without a session",
            validateCluster: { configuration in
                guard configuration.cacheNodeCount > 0 else {
                    throw ExerciseError("the cached design needs a cache tier; add --cache-nodes 1 (or more)")
                }
            }
        ) { cluster in
            var design = try NotificationDesign.chosen(by: cluster)
            design.cache = .cacheAside
            return try ShardedNotificationService(cluster: cluster, design: design)
        },
        Implementation("fan-out-on-read", "the reference with fan-out on read: a fan-out stores one post on the author's shard; each inbox read first merges the posts of the authors the reader follows that its inbox has not taken yet (one read of its cursors, one of each author's new posts, one write when there are some)") { cluster in
            var design = try NotificationDesign.chosen(by: cluster)
            design.fanOut = .read
            return try ShardedNotificationService(cluster: cluster, design: design)
        },
    ]

    /// The exercise with the learner's implementation registered as `mine`.
    public static func definition(mine: Implementation<any NotificationService>) -> ExerciseDefinition<any NotificationService> {
        ExerciseDefinition(
            descriptor: descriptor,
            implementations: [mine] + references,
            checks: NotificationChecks.all,
            scenarios: NotificationScenarios.all,
            migrations: NotificationSchema.migrations,
            floor: floor,
            checkCluster: checkCluster,
            designOptions: [providerOption, NotificationDesign.cacheOption, NotificationDesign.nearCacheOption, NotificationDesign.fanOutOption, CacheCapacity.option, NotificationScenarios.cacheStartOption],
            defaultSweep: defaultSweep,
            setUpCluster: { cluster in try PushProvider.setUp(on: cluster) },
            validateCluster: validate,
            configureBenchCluster: CacheCapacity.configure
        )
    }

    /// `cache=cache-aside` and `cache-capacity` need the cluster's cache tier, and a capacity must
    /// be a share (a usage error, exit 64, before anything runs).
    static func validate(_ configuration: ClusterConfiguration) throws {
        try CacheCapacity.validate(configuration)
        if let cache = configuration.options[NotificationDesign.cacheOption.name], cache != NotificationDesign.Cache.none.rawValue,
           configuration.cacheNodeCount == 0 {
            throw ExerciseError("cache=\(cache) needs a cache tier; add --cache-nodes 1 (or more)")
        }
    }

    /// Four shards in memory and one cache node, for designs that cache.
    static var checkCluster: ClusterConfiguration {
        var configuration = ClusterConfiguration(shardCount: 4, storageMode: .memory, partitioner: "ring")
        configuration.cacheNodeCount = 1
        return configuration
    }

    /// The inbox page, the unread count and a send straight on one database, for the floor row.
    static let floor = FloorSpec(
        schemaSQL: """
            CREATE TABLE notifications (recipient INTEGER NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL, is_read INTEGER NOT NULL DEFAULT 0, idempotency_key TEXT NOT NULL, PRIMARY KEY (recipient, seq)) WITHOUT ROWID;
            CREATE UNIQUE INDEX notifications_by_key ON notifications(recipient, idempotency_key);
            """,
        populateSQL: """
            WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < \(NotificationScenarios.loadedPerUser))
            INSERT INTO notifications (recipient, seq, payload, idempotency_key) SELECT ?1, seq, 'welcome ' || seq, 'load-' || seq FROM n
            """,
        operations: [
            "inbox": .statement("SELECT seq, payload, is_read FROM notifications WHERE recipient = ?1 ORDER BY seq DESC LIMIT \(NotificationScenarios.pageSize)"),
            "unread": .statement("SELECT count(*) FROM notifications WHERE recipient = ?1 AND is_read = 0"),
            "mark-read": .statement("UPDATE notifications SET is_read = 1 WHERE recipient = ?1 AND seq = 1 + ?3 % \(NotificationScenarios.loadedPerUser) AND is_read = 0"),
            "send": .statement("INSERT INTO notifications (recipient, seq, payload, idempotency_key) SELECT ?1, ifnull(max(seq), 0) + 1, 'event ' || ?3, 'e' || ?3 FROM notifications WHERE recipient = ?1"),
        ],
        fallbackOperation: "inbox"
    )

    static let defaultSweep = DefaultSweep(
        groups: [
            SweepGroup(
                title: "inbox polling: the read path over the SQLite floor, and what replicas and replica reads change",
                implementations: ["reference"], scenarios: ["inbox-polling"],
                parameters: [
                    .init(name: "shards", values: ["4"]), .init(name: "replicas", values: ["1", "3"]),
                    .init(name: "reads", values: ["primary", "any"]), .init(name: "replication", values: ["async"]),
                ]
            ),
            SweepGroup(
                title: "a cache in front of the inbox: cache-aside heads on the cache tier vs none, at same-zone links (hit ratio beside Che's LRU estimate)",
                implementations: ["reference", "cached"], scenarios: ["inbox-polling"],
                parameters: [.init(name: "cache-nodes", values: ["1"]), .init(name: "network", values: ["same-zone"])]
            ),
            SweepGroup(
                title: "sends: what sync, quorum and async replication cost a write",
                implementations: ["reference"], scenarios: ["bursty-sends"],
                parameters: [.init(name: "replicas", values: ["3"]), .init(name: "replication", values: ["sync", "quorum", "async"])]
            ),
            SweepGroup(
                title: "push delivery through the queue: a flaky provider costs retries, never a lost or doubled push",
                implementations: ["reference"], scenarios: ["bursty-sends"],
                parameters: [.init(name: "provider", values: ["reliable", "flaky"])]
            ),
        ],
        durationNanos: 1_500_000_000, warmupNanos: 200_000_000, keyCount: 2_000
    )
}
