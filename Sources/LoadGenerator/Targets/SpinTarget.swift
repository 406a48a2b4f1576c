import ScaleSupport
import ScaleNetwork

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
        let deadlineNanos = CPUClock.threadNanos() &+ sampler.nextNanos()
        while CPUClock.threadNanos() < deadlineNanos {}
    }
}
