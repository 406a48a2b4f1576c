import ScaleCore
import Synchronization

/// What buyers met in a waiting room during one bench cell: how long each waited to be let in,
/// how often they asked, and how many were turned away.
final class WaitingRoomTally: Sendable {
    /// Queue times kept for the percentiles; past this many the rest are only counted.
    static let sampleCountMax = 1_000_000

    private let queueNanos = Locked<[UInt64]>([])
    private let admittedCount = Atomic<Int>(0)
    private let turnedAwayCount = Atomic<Int>(0)
    private let pollCount = Atomic<Int>(0)
    private let buyerCount = Atomic<UInt64>(0)

    /// A new buyer's id: every buyer of the cell is a different person, so two in line at once
    /// never share the one place a room gives each buyer.
    func nextBuyer() -> UInt64 {
        buyerCount.add(1, ordering: .relaxed).newValue
    }

    func admitted(queueNanos nanos: UInt64, polls: Int) {
        admittedCount.add(1, ordering: .relaxed)
        pollCount.add(polls, ordering: .relaxed)
        queueNanos.withLock { samples in
            if samples.count < Self.sampleCountMax { samples.append(nanos) }
        }
    }

    func turnedAway(polls: Int) {
        turnedAwayCount.add(1, ordering: .relaxed)
        pollCount.add(polls, ordering: .relaxed)
    }

    /// The room's figures, or none when no buyer met a room (a design without one).
    func metrics() -> [String: Double] {
        let admitted = admittedCount.load(ordering: .relaxed)
        let turnedAway = turnedAwayCount.load(ordering: .relaxed)
        guard admitted + turnedAway > 0 else { return [:] }
        let sorted = queueNanos.withLock { $0 }.sorted()
        return [
            "waitingRoomQueueMillisP50": Self.percentile(50, of: sorted) / 1e6,
            "waitingRoomQueueMillisP99": Self.percentile(99, of: sorted) / 1e6,
            "waitingRoomAdmitted": Double(admitted),
            "waitingRoomTurnedAway": Double(turnedAway),
            "waitingRoomPollsPerBuyer": Double(pollCount.load(ordering: .relaxed)) / Double(admitted + turnedAway),
        ]
    }

    /// The nearest-rank percentile of `sorted` (0 when empty).
    static func percentile(_ percent: Double, of sorted: [UInt64]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(sorted.count, max(1, rank)) - 1])
    }
}
