import ScaleSupport
import ScaleStorage
/// Where one key's reads and writes go under the current routing phase.
public struct ShardRoute: Sendable, Hashable, CustomStringConvertible {
    /// The shard reads go to (the old owner while the key is moving: it has every row).
    public var readShard: ShardID
    /// The shard writes go to first.
    public var writeShard: ShardID
    /// While the key is moving: the new owner, which gets every write too.
    public var secondWriteShard: ShardID?

    public init(readShard: ShardID, writeShard: ShardID, secondWriteShard: ShardID? = nil) {
        self.readShard = readShard
        self.writeShard = writeShard
        self.secondWriteShard = secondWriteShard
    }

    /// True while the key's rows are being moved to another shard.
    public var isMoving: Bool { secondWriteShard != nil }

    public var description: String {
        if let second = secondWriteShard { return "read \(readShard), write \(writeShard) + \(second)" }
        return "\(readShard)"
    }
}

/// A shard map's routing: one layout, or a migration from one layout to another.
public enum RoutingPhase<P: Partitioner>: Sendable {
    case stable(P)
    case migrating(from: P, to: P)

    /// The route of `key`: during a migration a moving key is read from its old owner and
    /// written to both owners (old first), so the old owner stays complete until the flip.
    @inlinable
    public func route(_ key: PartitionKey) -> ShardRoute {
        switch self {
        case .stable(let partitioner):
            let shard = partitioner.shard(for: key)
            return ShardRoute(readShard: shard, writeShard: shard)
        case .migrating(let old, let new):
            let from = old.shard(for: key)
            let to = new.shard(for: key)
            return ShardRoute(readShard: from, writeShard: from, secondWriteShard: from == to ? nil : to)
        }
    }

    /// The layout keys are heading to: the only one when stable, the new one while migrating.
    public var target: P {
        switch self {
        case .stable(let partitioner): return partitioner
        case .migrating(_, let new): return new
        }
    }

    /// Shards that serve reads (the old layout's while migrating).
    public var readableShards: [ShardID] {
        switch self {
        case .stable(let partitioner): return partitioner.shards
        case .migrating(let old, _): return old.shards
        }
    }

    /// Every shard either layout uses.
    public var allShards: [ShardID] {
        switch self {
        case .stable(let partitioner): return partitioner.shards
        case .migrating(let old, let new): return Set(old.shards).union(new.shards).sorted()
        }
    }

    public var isMigrating: Bool {
        if case .migrating = self { return true }
        return false
    }
}
