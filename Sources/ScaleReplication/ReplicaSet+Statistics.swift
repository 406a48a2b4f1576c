import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// What a replica set measured over its run.
public struct ReplicaSetStatistics: Sendable, Hashable, Codable {
    /// The replication mode (`sync`, `quorum-W`, `async`).
    public var mode: String
    /// The primary when the statistics were taken.
    public var primary: ReplicaID?
    /// The epoch when the statistics were taken.
    public var epoch: Epoch
    /// Writes clients saw acknowledged.
    public var writesAcknowledged: UInt64
    /// Writes clients saw fail (refused, timed out or outcome unknown).
    public var writesFailed: UInt64
    /// Reads served, per replica (index = replica number).
    public var readsServedByReplica: [UInt64]
    /// Reads served by a replica that had applied less than was committed when the read began.
    public var staleReads: UInt64
    /// Read-your-writes reads that waited for a secondary to catch up.
    public var readYourWritesWaits: UInt64
    /// Read-your-writes reads that went to the primary (no caught-up secondary, or the wait ran out).
    public var readYourWritesFallbacks: UInt64
    /// Every failover, oldest first.
    public var failovers: [FailoverRecord]
    /// Acknowledged writes missing from a newly promoted primary's log (0 in synchronous mode
    /// while a clean promotion is possible).
    public var acknowledgedWritesLost: UInt64
    /// Acknowledged writes the loss check forgot (the tracking limit was reached).
    public var acknowledgedWritesUntracked: UInt64
    /// Divergent entries old primaries rolled back when they rejoined.
    public var entriesRolledBack: UInt64
    /// Times a secondary needed entries the primary had discarded.
    public var snapshotsRequired: UInt64
    /// Replication lag per replica (the primary's own entry stays empty).
    public var lag: [ReplicationLagSummary]

    /// Total reads served.
    public var readsServed: UInt64 { readsServedByReplica.reduce(0, +) }

    /// Share of reads that were stale (0 when nothing was read).
    public var staleReadFraction: Double {
        readsServed == 0 ? 0 : Double(staleReads) / Double(readsServed)
    }

    /// The figures as flat metrics for run reports (`LoadTarget.runMetrics`).
    public var metrics: [String: Double] {
        var metrics: [String: Double] = [
            "replicationWritesAcknowledged": Double(writesAcknowledged),
            "replicationStaleReads": Double(staleReads),
            "replicationStaleReadFraction": staleReadFraction,
            "replicationFailovers": Double(failovers.count),
            "replicationAcknowledgedWritesLost": Double(acknowledgedWritesLost),
            "replicationEntriesRolledBack": Double(entriesRolledBack),
        ]
        for summary in lag where summary.timeSampleCount > 0 || summary.positionSampleCount > 0 {
            metrics["replicationLagPositionsP99.\(summary.replica)"] = Double(summary.positionsP99)
            metrics["replicationLagMillisP99.\(summary.replica)"] = Double(summary.lagNanosP99) / 1e6
        }
        return metrics
    }
}

extension ReplicaSet {
    /// Forgets the lag samples so far, so the next `statistics()` describes only what follows.
    public func resetLagSamples() {
        for node in nodes { node.lag.withLock { $0 = ReplicationLagRecorder(capacity: configuration.lagSampleCapacity) } }
    }

    /// Counters, failovers and per-replica lag so far.
    public func statistics() -> ReplicaSetStatistics {
        let (primary, epoch) = view.withLock { $0 }
        return ReplicaSetStatistics(
            mode: configuration.mode.description, primary: primary, epoch: epoch,
            writesAcknowledged: counters.writesAcknowledged.load(ordering: .relaxed),
            writesFailed: counters.writesFailed.load(ordering: .relaxed),
            readsServedByReplica: nodes.map { $0.readsServed.load(ordering: .relaxed) },
            staleReads: counters.staleReads.load(ordering: .relaxed),
            readYourWritesWaits: counters.readYourWritesWaits.load(ordering: .relaxed),
            readYourWritesFallbacks: counters.readYourWritesFallbacks.load(ordering: .relaxed),
            failovers: failovers,
            acknowledgedWritesLost: acknowledgements.lostCount.load(ordering: .relaxed),
            acknowledgedWritesUntracked: UInt64(acknowledgements.ledger.withLock { $0.forgottenCount }),
            entriesRolledBack: nodes.reduce(0) { $0 + $1.entriesRolledBack.load(ordering: .relaxed) },
            snapshotsRequired: counters.snapshotsRequired.load(ordering: .relaxed),
            lag: nodes.map { node in node.lag.withLock { $0.summary(for: node.id) } }
        )
    }
}
