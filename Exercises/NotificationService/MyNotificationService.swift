import ExerciseKit
import NotificationExercise
import ScaleCore

/// YOUR NotificationService. Read Exercises/NotificationService/README.md, then replace each
/// `throw Unimplemented()` with real code. `scalebench check notification` tells you which method
/// to write next.
///
/// The harness builds the cluster and hands it to you (the reference designs get exactly the same
/// one and use exactly this API):
/// - `cluster.configuration.shardCount` shards, each a SQLite node (or, with `--replicas N`, a
///   replica set of N nodes) with the tables of `NotificationSchema.migrations` already created
///   (the README's "The tables" has their CREATE TABLE text);
/// - `cluster.write(PartitionKey(user), session: session) { connection in ... }` runs one
///   transaction on the shard of `user` (on its primary when replicated);
///   `cluster.read(PartitionKey(user), session: session) { ... }` reads there (from the replica
///   `--set reads` picks; pass the caller's `session` so it sees its own writes);
/// - `try cluster.shardMap().route(for: PartitionKey(user)).writeShard` tells which shard a user is on.
/// - pushes: `try cluster.queue(named: "push")` is a durable queue (`enqueue`, `startWorkers`), and
///   `try cluster.endpoint(named: PushProvider.endpointName, request: PushRequest.self, response: Void.self)`
///   is the push provider (`call(_:)` may fail or lose its reply; it shows a key once);
/// - SQLite integers are signed: bind an id as `Int64(bitPattern: id)`.
/// - Keep no notifications in this object: `check` builds a second instance over the same cluster.
public final class MyNotificationService: NotificationService {
    let cluster: Cluster

    public init(cluster: Cluster) throws {
        self.cluster = cluster
    }

    public func send(_ notification: OutgoingNotification, session: ClusterSession?) async throws -> UInt64 {
        throw Unimplemented()
    }

    public func inbox(of user: UInt64, limit: Int, before: UInt64?, session: ClusterSession?) async throws -> [InboxEntry] {
        throw Unimplemented()
    }

    public func unreadCount(of user: UInt64, session: ClusterSession?) async throws -> Int {
        throw Unimplemented()
    }

    public func markRead(_ id: UInt64, of user: UInt64, session: ClusterSession?) async throws {
        throw Unimplemented()
    }

    public func follow(_ follower: UInt64, author: UInt64) async throws {
        throw Unimplemented()
    }

    public func fanOut(from author: UInt64, payload: String, idempotencyKey: String) async throws -> Int {
        throw Unimplemented()
    }
}
