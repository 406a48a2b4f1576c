import ExerciseKit
import ScaleCore

/// Adds a shard to a running UserService and measures it from the outside (the same way for
/// `mine` and the references): time taken, and users whose node changed.
enum ReshardProbe {
    static func addShard(_ service: any UserService, cluster: Cluster, afterNanos: UInt64) async throws -> [String: Double] {
        await PreciseSleeper.shared.sleep(nanos: afterNanos)
        let before = try placements(cluster)
        let startNanos = MonotonicClock.nowNanos()
        try await service.addShard()
        let elapsedNanos = MonotonicClock.nowNanos() &- startNanos
        let after = try placements(cluster)
        let moved = before.reduce(0) { count, entry in after[entry.key].map { $0 != entry.value } == true ? count + 1 : count }
        return [
            "reshardMillis": Double(elapsedNanos) / 1e6,
            "keysMoved": Double(moved),
            "keysMovedFraction": before.isEmpty ? 0 : Double(moved) / Double(before.count),
        ]
    }

    /// Which node holds each user id (straight from the databases, not through the service).
    static func placements(_ cluster: Cluster) throws -> [UInt64: Int] {
        var placement: [UInt64: Int] = [:]
        for id in cluster.nodeIDs {
            let ids = try cluster.node(id).read { connection in
                try connection.query("SELECT id FROM users") { UInt64(bitPattern: $0.int64(at: 0)) }
            }
            for userID in ids { placement[userID] = id.rawValue }
        }
        return placement
    }
}
