import Synchronization

/// A source of monotonic nanoseconds, injected wherever time drives logic (TTLs, visibility
/// timeouts, backoff) so tests can move time by hand instead of sleeping.
public protocol NanoClock: Sendable {
    /// Nanoseconds since an arbitrary fixed point; only differences are meaningful.
    func nowNanos() -> UInt64
}

/// The real clock: `MonotonicClock.nowNanos()` (`CLOCK_MONOTONIC`).
public struct SystemNanoClock: NanoClock {
    /// Creates the system clock.
    public init() {}

    /// The current `CLOCK_MONOTONIC` reading.
    @inlinable
    public func nowNanos() -> UInt64 { MonotonicClock.nowNanos() }
}

/// A clock that only moves when a test tells it to; safe to share between tasks.
public final class ManualNanoClock: NanoClock {
    private let currentNanos: Atomic<UInt64>

    /// Creates a clock reading `startNanos` (not zero by default, so "time 0" bugs show).
    public init(startNanos: UInt64 = 1_000_000_000) {
        currentNanos = Atomic(startNanos)
    }

    /// The reading set by the last `advance` or `set`.
    public func nowNanos() -> UInt64 { currentNanos.load(ordering: .acquiring) }

    /// Moves the clock forward by `nanos`.
    public func advance(byNanos nanos: UInt64) {
        currentNanos.add(nanos, ordering: .acquiringAndReleasing)
    }

    /// Moves the clock to `nanos`; a clock never goes back, so earlier readings are ignored.
    public func set(nanos: UInt64) {
        currentNanos.max(nanos, ordering: .acquiringAndReleasing)
    }
}
