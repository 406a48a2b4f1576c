import ScaleSupport
import ScaleNetwork

/// Waits a latency drawn from a distribution (on `PreciseSleeper`, without holding a thread):
/// a stand-in for a remote service with a known latency profile.
public struct DelayTarget: LoadTarget {
    private let sampler: LatencySampler

    /// The distribution each op's delay is drawn from.
    public var latency: LatencyDistribution { sampler.distribution }

    /// A target whose ops take `latency`, drawn from a generator seeded with `seed`.
    public init(latency: LatencyDistribution, seed: UInt64 = 0) {
        sampler = LatencySampler(latency, seed: seed)
    }

    public func perform(_ operation: LoadOperation) async throws {
        let nanos = sampler.nextNanos()
        if nanos > 0 { await PreciseSleeper.shared.sleep(nanos: nanos) }
    }
}
