import ExerciseKit
import LoadGenerator
import ScaleCore

/// Exercise 1: "Design a UserService that shards by userId".
public enum UserExercise {
    public static let descriptor = ExerciseDescriptor(
        shortName: "user", title: "UserService sharded by userId", difficulty: .easy,
        stubPath: "Exercises/UserService/MyUserService.swift", readmePath: "Exercises/UserService/README.md"
    )

    /// The `email-lookup` design option.
    public static let emailLookupOption = DesignOption(
        name: "email-lookup", summary: "how sharded designs find a user by email",
        values: EmailLookup.allCases.map(\.rawValue), defaultValue: EmailLookup.globalIndex.rawValue
    )

    /// The reference designs, `reference` first.
    public static let references: [Implementation<any UserService>] = [
        sharded("reference", "users sharded by id (--partitioner, default ring), email lookup by --set email-lookup (default global-index)"),
        Implementation("single-node", "the monolith: every user on node 0, uniqueness by one transaction") { cluster in
            SingleNodeUserService(cluster: cluster)
        },
        sharded("hash-mod", "users sharded by hash(id) mod N", partitioner: .hashMod),
        sharded("ring", "users on a consistent-hashing ring with virtual nodes", partitioner: .ring),
        sharded("scatter-gather", "email lookups ask every shard", emailLookup: .scatterGather),
        sharded("global-index", "email lookups through the emails table sharded by email", emailLookup: .globalIndex),
    ]

    /// The exercise with the learner's implementation registered as `mine`.
    public static func definition(mine: Implementation<any UserService>) -> ExerciseDefinition<any UserService> {
        ExerciseDefinition(
            descriptor: descriptor,
            implementations: [mine] + references,
            checks: UserChecks.all,
            scenarios: UserScenarios.all,
            migrations: UserSchema.migrations,
            floor: floor,
            checkCluster: ClusterConfiguration(shardCount: 4, storageMode: .memory, partitioner: "ring"),
            designOptions: [emailLookupOption],
            defaultSweep: defaultSweep
        )
    }

    /// The same users table on one database, for the floor row.
    static let floor = FloorSpec(
        schemaSQL: "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, profile TEXT NOT NULL); CREATE INDEX users_by_email ON users(email);",
        populateSQL: "INSERT INTO users(id, email, name, profile) VALUES (?1, 'user' || ?1 || '@example.com', 'User ' || ?1, 'plan=free')",
        operationSQL: [
            "get": "SELECT \(UserSchema.userColumns) FROM users WHERE id = ?1",
            "update": "UPDATE users SET name = 'Renamed' || ?1 WHERE id = ?1",
            "find-by-email": "SELECT \(UserSchema.userColumns) FROM users WHERE email = 'user' || ?1 || '@example.com'",
            "signup": "INSERT OR REPLACE INTO users(id, email, name, profile) VALUES (?1 + 1000000000, 'new' || ?1 || '@example.com', 'New', '')",
        ],
        fallbackOperation: "get"
    )

    static let defaultSweep = DefaultSweep(
        groups: [
            SweepGroup(
                title: "get-by-id: what sharding and the network cost over the SQLite floor",
                implementations: ["reference"], scenarios: ["get-by-id"],
                parameters: [.init(name: "shards", values: ["1", "2", "4", "8"]), .init(name: "network", values: ["none", "same-zone"])]
            ),
            SweepGroup(
                title: "email lookups: scatter-gather grows with shards, the global index does not",
                implementations: ["reference"], scenarios: ["email-lookup"],
                parameters: [
                    .init(name: "shards", values: ["1", "2", "4", "8"]),
                    .init(name: "email-lookup", values: ["scatter-gather", "global-index"]),
                    .init(name: "network", values: ["same-zone"]),
                ]
            ),
            SweepGroup(
                title: "adding a 5th shard under load: keys moved by hash-mod vs consistent hashing",
                implementations: ["reference"], scenarios: ["reshard"],
                parameters: [.init(name: "shards", values: ["4"]), .init(name: "partitioner", values: ["hash-mod", "ring"])]
            ),
        ],
        durationNanos: 1_500_000_000, warmupNanos: 200_000_000, keyCount: 5_000
    )

    static func sharded(
        _ name: String, _ summary: String, partitioner: PartitionStrategy? = nil, emailLookup: EmailLookup? = nil
    ) -> Implementation<any UserService> {
        Implementation(name, summary) { cluster in
            let configured = cluster.configuration
            guard let strategy = partitioner ?? PartitionStrategy(rawValue: configured.partitioner) else {
                throw ExerciseError("unknown partitioner '\(configured.partitioner)'; use one of \(PartitionStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let lookup = try emailLookup ?? emailLookupOption.value(in: configured.options, EmailLookup.init(rawValue:))
            return try ShardedUserService(cluster: cluster, partitioner: strategy, emailLookup: lookup)
        }
    }
}
