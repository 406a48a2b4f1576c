#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time (as opposed to wall time) of the process or of the calling thread, in nanoseconds.
public enum CPUClock {
    /// CPU time every thread of the process has used so far.
    public static func processNanos() -> UInt64 { nanos(CLOCK_PROCESS_CPUTIME_ID) }

    /// CPU time the calling thread has used so far.
    public static func threadNanos() -> UInt64 { nanos(CLOCK_THREAD_CPUTIME_ID) }

    private static func nanos(_ clock: clockid_t) -> UInt64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
