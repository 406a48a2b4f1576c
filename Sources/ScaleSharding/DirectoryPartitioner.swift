import ScaleSupport
import ScaleStorage
/// A lookup table from key to shard, with a `fallback` layout placing every key not in the
/// table. Keys move one at a time (`moving(_:to:)`), e.g. a hot key onto its own shard.
public struct DirectoryPartitioner<Fallback: Partitioner>: Partitioner {
    /// Explicit placements; they override the fallback.
    public let entries: [PartitionKey: ShardID]
    /// Placement of keys without an entry.
    public let fallback: Fallback
    public let shards: [ShardID]

    /// A directory over `fallback`, with `entries` and extra shards that only receive moved keys.
    public init(fallback: Fallback, entries: [PartitionKey: ShardID] = [:], extraShards: [ShardID] = []) throws {
        let allShards = Set(fallback.shards).union(extraShards)
        for (key, shard) in entries where !allShards.contains(shard) {
            throw ShardingError(.unknownShard, "\(key) is placed on \(shard), which the directory does not have")
        }
        self.fallback = fallback
        self.entries = entries
        shards = allShards.sorted()
    }

    public var strategyName: String { "directory" }

    @inlinable
    public func shard(for key: PartitionKey) -> ShardID {
        if !entries.isEmpty, let placed = entries[key] { return placed }
        return fallback.shard(for: key)
    }

    /// The directory with `key` placed on `shard`.
    public func moving(_ key: PartitionKey, to shard: ShardID) throws -> DirectoryPartitioner {
        var entries = self.entries
        entries[key] = shard
        return try DirectoryPartitioner(fallback: fallback, entries: entries, extraShards: shards)
    }

    /// The directory with `key` back on its fallback placement.
    public func resetting(_ key: PartitionKey) throws -> DirectoryPartitioner {
        var entries = self.entries
        entries[key] = nil
        return try DirectoryPartitioner(fallback: fallback, entries: entries, extraShards: shards)
    }

    /// Adds `shard` as a target for moved keys; nothing moves until keys are moved to it.
    public func adding(_ shard: ShardID) throws -> DirectoryPartitioner {
        guard !shards.contains(shard) else { throw ShardingError(.duplicateShard, "\(shard) is already in the directory") }
        return try DirectoryPartitioner(fallback: fallback, entries: entries, extraShards: shards + [shard])
    }

    /// Removes `shard`: its entries are dropped (those keys fall back) and the fallback loses it too.
    public func removing(_ shard: ShardID) throws -> DirectoryPartitioner {
        guard shards.contains(shard) else { throw ShardingError(.unknownShard, "\(shard) is not in the directory") }
        let newFallback = fallback.shards.contains(shard) ? try fallback.removing(shard) : fallback
        return try DirectoryPartitioner(
            fallback: newFallback,
            entries: entries.filter { $0.value != shard },
            extraShards: shards.filter { $0 != shard }
        )
    }

    /// Keys whose entry changes, then the fallback's regions (which apply to keys without an entry).
    public func regionMoves(to newer: DirectoryPartitioner) -> [RegionMove] {
        var moves: [RegionMove] = []
        for key in Set(entries.keys).union(newer.entries.keys).sorted(by: { ($0.hash, $0.order) < ($1.hash, $1.order) }) {
            let from = shard(for: key)
            let to = newer.shard(for: key)
            if from != to { moves.append(RegionMove(region: .key(key), from: from, to: to)) }
        }
        return moves + fallback.regionMoves(to: newer.fallback)
    }
}
