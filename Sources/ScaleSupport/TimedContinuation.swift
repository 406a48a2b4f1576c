/// A suspended sleep waiting for its deadline, ordered by deadline then arrival: the element of
/// the timer thread's heap and of each worker's. Resumed with the clock reading at its resumption,
/// so the sleeper can time the hop back onto a thread.
struct TimedContinuation: Comparable {
    var deadlineNanos: UInt64
    var sequence: UInt64
    var continuation: CheckedContinuation<UInt64, Never>

    static func < (left: TimedContinuation, right: TimedContinuation) -> Bool {
        (left.deadlineNanos, left.sequence) < (right.deadlineNanos, right.sequence)
    }

    static func == (left: TimedContinuation, right: TimedContinuation) -> Bool {
        left.deadlineNanos == right.deadlineNanos && left.sequence == right.sequence
    }
}
