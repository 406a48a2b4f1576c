import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// Replication lag of one replica over a run: how far behind the primary it was, in log
/// positions and in time (p50 / p99 / max).
public struct ReplicationLagSummary: Sendable, Hashable, Codable {
    /// The replica measured.
    public var replica: ReplicaID
    /// Position-lag samples (taken at the primary on each write).
    public var positionSampleCount: Int
    /// Median distance behind the primary, in log positions.
    public var positionsP50: UInt64
    /// 99th-percentile distance behind, in log positions.
    public var positionsP99: UInt64
    /// Largest distance behind, in log positions.
    public var positionsMax: UInt64
    /// Time-lag samples: one per entry the replica applied, from primary append to replica apply.
    public var timeSampleCount: Int
    /// Median time from primary append to apply here.
    public var lagNanosP50: UInt64
    /// 99th-percentile time from primary append to apply here.
    public var lagNanosP99: UInt64
    /// Longest time from primary append to apply here.
    public var lagNanosMax: UInt64
}

/// A bounded window of the most recent samples plus the exact maximum and count, so
/// percentiles of a long run cost fixed memory.
package struct LagSampleWindow: Sendable {
    private var samples: [UInt64] = []
    private var nextIndex = 0
    package let capacity: Int
    private(set) var count = 0
    private(set) var maximum: UInt64 = 0

    package init(capacity: Int) { self.capacity = max(1, capacity) }

    package mutating func record(_ value: UInt64) {
        count += 1
        maximum = max(maximum, value)
        if samples.count < capacity {
            samples.append(value)
        } else {
            samples[nextIndex] = value
            nextIndex = (nextIndex + 1) % capacity
        }
    }

    /// p50, p99 and max of the window.
    package var summary: (p50: UInt64, p99: UInt64, max: UInt64) {
        let sorted = samples.sorted()
        return (Percentile.nearestRank(0.5, of: sorted), Percentile.nearestRank(0.99, of: sorted), maximum)
    }
}

/// Lag samples of one replica, in positions and in time.
package struct ReplicationLagRecorder: Sendable {
    package var positions: LagSampleWindow
    package var nanos: LagSampleWindow

    package init(capacity: Int) {
        positions = LagSampleWindow(capacity: capacity)
        nanos = LagSampleWindow(capacity: capacity)
    }

    package func summary(for replica: ReplicaID) -> ReplicationLagSummary {
        let p = positions.summary
        let t = nanos.summary
        return ReplicationLagSummary(
            replica: replica,
            positionSampleCount: positions.count, positionsP50: p.p50, positionsP99: p.p99, positionsMax: p.max,
            timeSampleCount: nanos.count, lagNanosP50: t.p50, lagNanosP99: t.p99, lagNanosMax: t.max
        )
    }
}

/// Percentiles of sorted samples.
package enum Percentile {
    /// The nearest-rank value at `fraction` (0...1) of `sorted`; 0 when empty.
    package static func nearestRank(_ fraction: Double, of sorted: [UInt64]) -> UInt64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
