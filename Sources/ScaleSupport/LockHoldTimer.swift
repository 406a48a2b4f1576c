import Synchronization

/// How long a thread that finds a lock taken should spin before it sleeps in the kernel: about
/// twice the lock's typical hold (a running mean of the holds so far), and not at all when holds
/// are too long to wait out on the core.
///
/// Made for a writer lock held for a whole SQLite transaction (10–20 µs in memory) by load
/// workers that have nothing else to run while they wait: sleeping costs each hand-off a futex
/// wait, the wake-up of an idle core and a context switch, more than waiting out the holder.
public final class LockHoldTimer: Sendable {
    /// Holds longer than half this are not waited out: the waiter sleeps at once.
    public static let maximumSpinNanos: UInt64 = 50_000
    /// A mean of recent holds (weight 1/8 for the newest), written by the holder only.
    private let meanHoldNanos = Atomic<UInt64>(0)

    public init() {}

    /// How long to spin for the lock now: twice the mean hold, or 0 when that exceeds the maximum.
    public var spinBoundNanos: UInt64 {
        let bound = 2 &* meanHoldNanos.load(ordering: .relaxed)
        return bound <= Self.maximumSpinNanos ? bound : 0
    }

    /// The mean hold so far, in nanoseconds.
    public var meanHoldNanosNow: UInt64 { meanHoldNanos.load(ordering: .relaxed) }

    /// Adds one hold to the mean. Called by the lock's holder only, so updates never race.
    public func record(heldNanos: UInt64) {
        let mean = meanHoldNanos.load(ordering: .relaxed)
        let held = min(heldNanos, 1_000_000_000)
        meanHoldNanos.store(mean - mean / 8 + held / 8, ordering: .relaxed)
    }
}
