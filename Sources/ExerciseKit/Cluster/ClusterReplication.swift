import ScaleCore

/// When a replicated shard acknowledges a write (`--replication`).
public enum ClusterReplication: String, Sendable, Hashable, CaseIterable {
    /// After every in-sync replica applied it: no acknowledged write is lost at failover.
    case sync
    /// After a majority of the replicas applied it.
    case quorum
    /// At once, after the primary applied it: fastest, and a failover can lose acknowledged writes.
    case async

    /// The core's mode for a shard of `replicaCount` replicas.
    public func mode(replicaCount: Int) -> ReplicationMode {
        switch self {
        case .sync: .synchronous
        case .quorum: .quorum(writeCount: replicaCount / 2 + 1)
        case .async: .asynchronous
        }
    }
}

/// Which replica serves a read of a replicated shard (`--reads`).
public enum ClusterReads: String, Sendable, Hashable, CaseIterable {
    /// The primary: never stale, every read on one node.
    case primary
    /// Any replica, round robin: spreads reads, may be stale (counted).
    case any
    /// A replica that has the caller's session writes, else the primary (pass a `ClusterSession`).
    case readYourWrites = "read-your-writes"

    /// How long a read-your-writes read waits for a replica to catch up before it asks the primary.
    public static let readYourWritesWaitNanos: UInt64 = 2_000_000

    /// The core's read policy.
    public var policy: ReplicaReadPolicy {
        switch self {
        case .primary: .primaryOnly
        case .any: .anyReplica(.roundRobin)
        case .readYourWrites: .readYourWrites(.leastLoaded, maxWaitNanos: Self.readYourWritesWaitNanos)
        }
    }
}

/// A client's read-your-writes session across the cluster: the last write it made on each shard.
/// The caller owns it (like a cookie) and passes it to `read` and `write`; the service keeps none.
public final class ClusterSession: Sendable {
    // Guarded by the lock: one client may issue calls from several tasks.
    private let lastWrites = Locked<[ShardID: SessionToken]>([:])

    /// A session that has written nothing yet.
    public init() {}

    func token(for shard: ShardID) -> SessionToken? { lastWrites.withLock { $0[shard] } }

    func record(_ receipt: WriteReceipt, on shard: ShardID) {
        lastWrites.withLock { $0[shard, default: SessionToken()].record(receipt) }
    }
}
