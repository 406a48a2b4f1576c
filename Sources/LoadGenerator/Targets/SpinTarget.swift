#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScaleCore

/// Burns CPU on the worker thread for a drawn time: a stand-in for CPU-bound work, which (unlike
/// `delay`) occupies one of the `threadCount` threads for the whole operation. The time is the
/// thread's CPU time, so an op whose thread is descheduled takes longer on the wall clock.
public struct SpinTarget: LoadTarget {
    private let sampler: LatencySampler

    /// The distribution each op's CPU time is drawn from.
    public var work: LatencyDistribution { sampler.distribution }

    /// A target whose ops spin for `work`, drawn from a generator seeded with `seed`.
    public init(work: LatencyDistribution, seed: UInt64 = 0) {
        sampler = LatencySampler(work, seed: seed)
    }

    public func perform(_ operation: LoadOperation) async throws {
        let deadlineNanos = Self.threadCPUNanos() &+ sampler.nextNanos()
        while Self.threadCPUNanos() < deadlineNanos {}
    }

    /// CPU time the calling thread has used.
    static func threadCPUNanos() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
