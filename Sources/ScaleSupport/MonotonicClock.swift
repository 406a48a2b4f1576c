#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanosecond timestamps from `CLOCK_MONOTONIC` (~20 ns a read on these machines).
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point; only differences are meaningful.
    @inlinable
    public static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Nanoseconds from `start` to `end`, 0 if `end` is earlier. A timestamp taken before a lock can
    /// be older than one another thread stored under it, and a wrapping difference would then read
    /// as centuries of silence.
    @inlinable
    public static func elapsedNanos(from start: UInt64, to end: UInt64) -> UInt64 {
        end > start ? end - start : 0
    }
}
