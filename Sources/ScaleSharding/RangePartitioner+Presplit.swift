import ScaleSupport
import ScaleStorage
extension RangePartitioner {
    /// Ranges cut where the data is, like a pre-split table: each group of key orders (one per
    /// kind of key, e.g. user ids and emails) is cut at its quantiles into one range per shard,
    /// owned by the shards in order, so keys like the sample spread evenly and keys above a
    /// group's largest (the next sign-ups) all land in its last range. Groups that overlap
    /// another's span are merged into it; an empty sample splits the whole key space evenly.
    public static func presplit(_ shards: [ShardID], keyOrderGroups: [[UInt64]]) throws -> RangePartitioner {
        let shards = try validatedShards(shards)
        let groups = mergedDisjointGroups(keyOrderGroups)
        guard !groups.isEmpty else { return try evenlySplit(shards) }
        var splitPoints: [UInt64] = []
        var owners: [ShardID] = []
        for group in groups {
            // A group starts its own ranges at its smallest key (the first group starts at 0).
            if !owners.isEmpty, let first = group.first, first > (splitPoints.last ?? 0) {
                splitPoints.append(first)
            }
            var groupOwners = [shards[0]]
            for index in 1..<shards.count {
                let point = group[group.count * index / shards.count]
                // Too few distinct keys for this many ranges: the remaining shards get none here.
                guard point > (splitPoints.last ?? 0), point > group[0] else { continue }
                splitPoints.append(point)
                groupOwners.append(shards[index])
            }
            owners += groupOwners
        }
        return try RangePartitioner(splitPoints: splitPoints, owners: owners)
    }

    /// The non-empty groups sorted, in key order, any two whose spans overlap merged.
    static func mergedDisjointGroups(_ groups: [[UInt64]]) -> [[UInt64]] {
        var merged: [[UInt64]] = []
        for group in groups.filter({ !$0.isEmpty }).map({ $0.sorted() }).sorted(by: { $0[0] < $1[0] }) {
            if let last = merged.last, let lastMax = last.last, group[0] <= lastMax {
                merged[merged.count - 1] = (last + group).sorted()
            } else {
                merged.append(group)
            }
        }
        return merged
    }
}
