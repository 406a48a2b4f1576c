import ExerciseKit
import ScaleCore
import UserExercise

/// YOUR UserService. Read Exercises/UserService/README.md, then replace each `throw Unimplemented()`
/// with real code. `scalebench check user` tells you which method to write next.
///
/// The harness builds the cluster and hands it to you (the reference designs in
/// Sources/UserExercise/References/ get exactly the same one and use exactly this API):
/// - `cluster.configuration.shardCount` shards, each a SQLite node with two tables already created
///   (`UserSchema.migrations`): `users(id INTEGER PRIMARY KEY, email, name, profile)` and
///   `emails(email TEXT PRIMARY KEY, user_id)`; `UserSchema.userColumns`, `UserSchema.user(from:)`
///   and `UserSchema.encodeProfile(_:)` read and write a user row;
/// - `try cluster.shardMap()` places keys on shards (`--partitioner`, or pass a strategy) and is shared
///   by every service instance over the cluster;
/// - `cluster.read(PartitionKey(id)) { connection in ... }` and `cluster.write(...)` (a transaction;
///   while a key moves it runs on both owners) cross the simulated network to the shard that serves
///   the key; place an email's row by `PartitionKey(email)`. For example:
///   `try await cluster.read(PartitionKey(id)) { try $0.queryOne("SELECT \(UserSchema.userColumns) FROM users WHERE id = ?", Int64(bitPattern: id), row: UserSchema.user(from:)) }`
///   and `try $0.run("DELETE FROM emails WHERE email = ?", email)` (returns the rows changed);
///   `cluster.scatter(keyOf:) { ... }`
///   asks every shard at once; `cluster.addShard(moving: [ShardTable("users", keyColumn: "id"), ...])`
///   adds a shard while serving;
/// - lower level: `cluster.call(nodeID) { node in try node.read { ... } }` and `cluster.addNode()`.
/// - SQLite integers are signed: bind an id as `Int64(bitPattern: id)` and read it back with
///   `UInt64(bitPattern: row.int64(at: 0))`.
/// - Keep no users in this object: `check` builds a second instance over the same cluster (a
///   restarted app server) and requires it to see everything.
public final class MyUserService: UserService {
    let cluster: Cluster

    /// May throw: building a partitioner or a `ShardMap` does.
    public init(cluster: Cluster) throws {
        self.cluster = cluster
    }

    public func createUser(_ user: User) async throws {
        throw Unimplemented()
    }

    public func getUser(id: UInt64) async throws -> User? {
        throw Unimplemented()
    }

    public func updateUser(_ user: User) async throws {
        throw Unimplemented()
    }

    public func deleteUser(id: UInt64) async throws -> Bool {
        throw Unimplemented()
    }

    public func findUser(email: String) async throws -> User? {
        throw Unimplemented()
    }

    public func addShard() async throws {
        throw Unimplemented()
    }
}
