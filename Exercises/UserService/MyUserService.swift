import ExerciseKit
import ScaleCore
import UserExercise

/// YOUR UserService. Read Exercises/UserService/README.md, then replace each `throw Unimplemented()`
/// with real code. `scalebench check user` tells you which method to write next.
///
/// The harness builds the cluster and hands it to you:
/// - `cluster.configuration.shardCount` storage nodes, `NodeID(0)` … `NodeID(shardCount - 1)`,
///   each with the `users` and `emails` tables of `UserSchema.migrations` already created;
/// - `cluster.call(nodeID) { node in try node.read { ... } }` crosses the simulated network and runs
///   your closure on that node's SQLite database (`node.write { ... }` is a transaction);
/// - `cluster.addNode()` provisions one more node for `addShard()`.
/// - SQLite integers are signed: bind an id as `Int64(bitPattern: id)` and read it back with
///   `UInt64(bitPattern: row.int64(at: 0))`.
/// - Keep no users in this object: `check` builds a second instance over the same cluster (a
///   restarted app server) and requires it to see everything.
/// The reference designs in Sources/UserExercise/References/ use exactly the same cluster.
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
