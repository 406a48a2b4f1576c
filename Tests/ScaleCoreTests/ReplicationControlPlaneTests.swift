import Foundation
import Testing
@testable import ScaleSupport
@testable import ScaleNetwork
@testable import ScaleReplication

/// Failover control (timer, polls, lease renewals) runs on its own thread, so a cooperative pool
/// saturated by the data path cannot starve it past the primary's lease.
@Suite(.serialized) struct ReplicationControlPlaneTests {
    @Test func leasesAreRenewedWhileThePoolIsSaturated() async throws {
        // Default timings: a 100 ms lease, renewed by status polls.
        let set = try await ReplicationReplicaSetTests.makeSet(.synchronous, failsOver: true)
        try await set.write(ReplicationReplicaSetTests.row("before", "1"))
        let primary = try #require(set.primary)
        let leaseNanos = set.configuration.leaseNanos
        // Every pool thread busy for eight leases, as a burst of loaders keeps it; at the end, still
        // on the pool, each looks at the primary's lease.
        let overdueNanos = await withTaskGroup(of: UInt64.self) { group in
            for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
                group.addTask {
                    let end = MonotonicClock.nowNanos() + 8 * leaseNanos
                    while MonotonicClock.nowNanos() < end {}
                    return MonotonicClock.elapsedNanos(from: set.status(of: primary).leaseUntilNanos, to: MonotonicClock.nowNanos())
                }
            }
            return await group.reduce(0, max)
        }
        // Renewed meanwhile: expired by less than one lease (slack for a slow, sanitized build).
        // On the pool the renewals waited out the block, and the lease was seven leases overdue.
        #expect(overdueNanos < leaseNanos, "lease ran out \(overdueNanos / 1_000_000) ms before the pool freed up")
        try await set.write(ReplicationReplicaSetTests.row("after", "1"))
        #expect(set.failovers.isEmpty, "\(set.failovers)")
        await set.shutdown()
    }
}
