import ScaleSupport
import ScaleStorage
/// The four partitioning strategies by name, for configurations and the CLI.
public enum PartitionStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    case hashMod = "hash-mod"
    case ring
    case range
    case directory
}

/// One of the four strategies, chosen at run time, dispatched by a switch (no existential).
/// A directory's fallback is a consistent-hashing ring.
public enum AnyPartitioner: Partitioner {
    case hashMod(HashModPartitioner)
    case ring(RingPartitioner)
    case range(RangePartitioner)
    case directory(DirectoryPartitioner<RingPartitioner>)

    /// The default layout of `strategy` over `shards`: ring with `virtualNodeCount` points per
    /// shard, range pre-split on `rangeKeyOrderGroups` (a sample of the loaded keys' orders, one
    /// group per kind of key; see `RangePartitioner.presplit`) or evenly over all 64-bit keys
    /// when there is none, directory empty over a ring.
    public init(_ strategy: PartitionStrategy, shards: [ShardID], virtualNodeCount: Int = 128, rangeKeyOrderGroups: [[UInt64]] = []) throws {
        switch strategy {
        case .hashMod: self = .hashMod(try HashModPartitioner(shards: shards))
        case .ring: self = .ring(try RingPartitioner(shards: shards, virtualNodeCount: virtualNodeCount))
        case .range: self = .range(try RangePartitioner.presplit(shards, keyOrderGroups: rangeKeyOrderGroups))
        case .directory:
            self = .directory(try DirectoryPartitioner(fallback: RingPartitioner(shards: shards, virtualNodeCount: virtualNodeCount)))
        }
    }

    public var strategy: PartitionStrategy {
        switch self {
        case .hashMod: return .hashMod
        case .ring: return .ring
        case .range: return .range
        case .directory: return .directory
        }
    }

    public var strategyName: String { strategy.rawValue }

    public var shards: [ShardID] {
        switch self {
        case .hashMod(let partitioner): return partitioner.shards
        case .ring(let partitioner): return partitioner.shards
        case .range(let partitioner): return partitioner.shards
        case .directory(let partitioner): return partitioner.shards
        }
    }

    @inlinable
    public func shard(for key: PartitionKey) -> ShardID {
        switch self {
        case .hashMod(let partitioner): return partitioner.shard(for: key)
        case .ring(let partitioner): return partitioner.shard(for: key)
        case .range(let partitioner): return partitioner.shard(for: key)
        case .directory(let partitioner): return partitioner.shard(for: key)
        }
    }

    public func adding(_ shard: ShardID) throws -> AnyPartitioner {
        switch self {
        case .hashMod(let partitioner): return .hashMod(try partitioner.adding(shard))
        case .ring(let partitioner): return .ring(try partitioner.adding(shard))
        case .range(let partitioner): return .range(try partitioner.adding(shard))
        case .directory(let partitioner): return .directory(try partitioner.adding(shard))
        }
    }

    public func removing(_ shard: ShardID) throws -> AnyPartitioner {
        switch self {
        case .hashMod(let partitioner): return .hashMod(try partitioner.removing(shard))
        case .ring(let partitioner): return .ring(try partitioner.removing(shard))
        case .range(let partitioner): return .range(try partitioner.removing(shard))
        case .directory(let partitioner): return .directory(try partitioner.removing(shard))
        }
    }

    /// Exact regions when both layouts use the same strategy; empty across strategies (a change
    /// of strategy moves keys everywhere: measure it on a sample).
    public func regionMoves(to newer: AnyPartitioner) -> [RegionMove] {
        switch (self, newer) {
        case (.hashMod(let old), .hashMod(let new)): return old.regionMoves(to: new)
        case (.ring(let old), .ring(let new)): return old.regionMoves(to: new)
        case (.range(let old), .range(let new)): return old.regionMoves(to: new)
        case (.directory(let old), .directory(let new)): return old.regionMoves(to: new)
        default: return []
        }
    }
}
