import ScaleSupport
import ScaleStorage
/// Places keys on shards. Four strategies conform: `HashModPartitioner`, `RingPartitioner`
/// (consistent hashing), `RangePartitioner` and `DirectoryPartitioner`; `AnyPartitioner`
/// picks one at run time without existential dispatch.
///
/// Partitioners are immutable values: adding or removing a shard returns the new layout, which a
/// `ShardMap` migrates to while serving.
public protocol Partitioner: Sendable {
    /// Every shard that can own keys, ascending.
    var shards: [ShardID] { get }

    /// The shard that owns `key`.
    func shard(for key: PartitionKey) -> ShardID

    /// The layout after adding `shard` (its share of keys depends on the strategy).
    func adding(_ shard: ShardID) throws -> Self

    /// The layout after removing `shard` (its keys go to the others).
    func removing(_ shard: ShardID) throws -> Self

    /// The exact regions of key space whose owner differs between `self` and `newer`.
    func regionMoves(to newer: Self) -> [RegionMove]

    /// A short name for reports ("hash-mod", "ring", "range", "directory").
    var strategyName: String { get }
}

extension Partitioner {
    /// Sorted, duplicate-free shards, or `.noShards` / `.duplicateShard`.
    static func validatedShards(_ shards: [ShardID]) throws -> [ShardID] {
        guard !shards.isEmpty else { throw ShardingError(.noShards, "a \(Self.self) needs at least one shard") }
        let sorted = shards.sorted()
        for index in 1..<max(1, sorted.count) where sorted[index] == sorted[index - 1] {
            throw ShardingError(.duplicateShard, "\(sorted[index]) is listed twice")
        }
        return sorted
    }
}
