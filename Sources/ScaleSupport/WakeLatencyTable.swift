/// Running medians of wake-up lateness, one per sleep-length class (lock-free, relaxed atomics).
final class WakeLatencyTable: Sendable {
    private static let classCount = 8
    /// Each observation moves the estimate toward it by this much, or by an eighth of the estimate
    /// if that is more: a running median that still reaches tens of µs within a few dozen sleeps
    /// (an idle machine wakes late, and a 1 ms link sees few messages).
    private static let stepNanos: UInt64 = 200
    private let estimates = AtomicSlotArray(count: classCount)

    /// Class of a sleep: 0 below 32 µs, then one class per factor of 4, the last from 2 ms up.
    static func latencyClass(sleepNanos: UInt64) -> Int {
        min(classCount - 1, (64 - (sleepNanos >> 14).leadingZeroBitCount) / 2)
    }

    func estimate(_ latencyClass: Int) -> UInt64 {
        estimates.load(latencyClass)
    }

    func observe(_ latencyNanos: UInt64, _ latencyClass: Int) {
        let current = estimates.load(latencyClass)
        // Racing updates may lose a step; the estimate only needs to hover near the median.
        let step = max(Self.stepNanos, current / 8)
        let next = latencyNanos > current
            ? min(current &+ step, PreciseSleeper.maximumEarlyWakeNanos)
            : current &- min(current, step)
        estimates.store(next, at: latencyClass)
    }
}
