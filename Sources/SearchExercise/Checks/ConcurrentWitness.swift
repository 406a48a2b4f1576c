import ExerciseKit
import ScaleCore

/// What concurrent clients of a check share: a clock from the start, when each acknowledged
/// write returned, and the first violation any client saw (the check fails with it at the end).
final class ConcurrentWitness: Sendable {
    private let startNanos = MonotonicClock.nowNanos()
    private let acknowledgedAt = Locked<[UInt64: UInt64]>([:])
    private let violation = Locked<String?>(nil)

    /// Nanoseconds since the witness was made.
    var nowNanos: UInt64 { MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos()) }

    /// Records that the write of document `id` returned now.
    func acknowledge(_ id: UInt64) {
        let at = nowNanos
        acknowledgedAt.withLock { $0[id] = at }
    }

    /// The documents whose write returned before `nanos`, with when.
    func acknowledged(before nanos: UInt64) -> [UInt64: UInt64] {
        acknowledgedAt.withLock { $0.filter { $0.value < nanos } }
    }

    /// Keeps the first violation reported.
    func report(_ reason: String) {
        violation.withLock { $0 = $0 ?? reason }
    }

    /// Fails the check with the first violation, if any.
    func requireNone() throws {
        if let reason = violation.value { throw CheckFailure(reason) }
    }
}
