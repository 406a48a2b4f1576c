import ExerciseKit
import ScaleCore

/// The nemesis of the slow-replica scenario: one search node (the first node the design hosts
/// state on) answers every message `extraNanos` late for the rest of the run, a gray failure.
enum SlowReplicaProbe {
    static let extraNanos: UInt64 = 5_000_000

    static func slowFirstHostedNode(_ cluster: Cluster) throws -> [String: Double] {
        guard let node = cluster.hostedNodeIDs.first else {
            throw ClusterError("the design hosts no state on the cluster's nodes, so there is no search node to slow down")
        }
        cluster.faults.slow(node, extraNanos: extraNanos)
        return [:]
    }
}
