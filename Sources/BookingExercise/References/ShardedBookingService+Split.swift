import ExerciseKit
import ScaleCore

extension ShardedBookingService {
    /// Availability of an event whose sections are spread: the catalogue row says how many
    /// sections there are, then each shard holding some of them is asked once.
    func splitAvailability(event: UInt64, reads: ClusterReads, nowNanos: UInt64) async throws -> Availability {
        guard let sections = try await cluster.read(home(event), kind: .readEvent, reads: reads, { try BookingRows.sectionCount(event: event, on: $0) }) else {
            throw BookingError(.unknownEvent, "no event \(event)")
        }
        let map = try cluster.shardMap()
        // One key per shard: every section of the event on that shard answers through it.
        var keyOfShard: [ShardID: PartitionKey] = [:]
        for section in 0..<sections {
            let key = seatsKey(event, section)
            let shard = map.route(for: key).readShard
            if keyOfShard[shard] == nil { keyOfShard[shard] = key }
        }
        let free = try await withThrowingTaskGroup(of: [Int: Int].self) { group in
            for key in keyOfShard.values {
                group.addTask { [cluster] in
                    try await cluster.read(key, kind: .readAvailability, reads: reads) { try BookingRows.freeBySection(event: event, nowNanos: nowNanos, on: $0) }
                }
            }
            var merged: [Int: Int] = [:]
            for try await part in group { merged.merge(part) { $0 + $1 } }
            return merged
        }
        return Availability(event: event, freeBySection: (0..<sections).map { free[$0] ?? 0 })
    }
}
