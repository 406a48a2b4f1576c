#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-thread number for spreading shared state over stripes (reader pools, striped counters),
/// so each thread tends to touch its own stripe and threads do not trade one cache line.
public enum ThreadStripe {
    /// A well-mixed non-negative number fixed for the calling thread.
    @inlinable
    public static func current() -> Int {
        #if canImport(Glibc)
        let threadID = UInt64(pthread_self())
        #else
        let threadID = UInt64(UInt(bitPattern: pthread_self()))
        #endif
        return Int(truncatingIfNeeded: StableHash.mix(threadID) >> 1)
    }
}
