import ScaleCore

/// Burns CPU on the worker thread for a drawn time: a stand-in for CPU-bound work, which (unlike
/// `delay`) occupies one of the `threadCount` threads for the whole operation.
public struct SpinTarget: LoadTarget {
    private let sampler: LatencySampler

    public var work: LatencyDistribution { sampler.distribution }

    public init(work: LatencyDistribution, seed: UInt64 = 0) {
        sampler = LatencySampler(work, seed: seed)
    }

    public func perform(_ operation: Operation) async throws {
        let deadlineNanos = MonotonicClock.nowNanos() &+ sampler.nextNanos()
        while MonotonicClock.nowNanos() < deadlineNanos {}
    }
}
