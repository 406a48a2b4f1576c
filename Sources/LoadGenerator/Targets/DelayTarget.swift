import ScaleCore

/// Waits a latency drawn from a distribution (on `PreciseSleeper`, without holding a thread):
/// a stand-in for a remote service with a known latency profile.
public struct DelayTarget: LoadTarget {
    private let sampler: LatencySampler

    public var latency: LatencyDistribution { sampler.distribution }

    public init(latency: LatencyDistribution, seed: UInt64 = 0) {
        sampler = LatencySampler(latency, seed: seed)
    }

    public func perform(_ operation: Operation) async throws {
        let nanos = sampler.nextNanos()
        if nanos > 0 { await PreciseSleeper.shared.sleep(nanos: nanos) }
    }
}
