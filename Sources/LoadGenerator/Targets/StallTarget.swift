import ScaleSupport
import ScaleNetwork

/// Normally fast (optionally a small drawn delay), but the last `pauseNanos` of every
/// `periodNanos` (counted from the target's creation) is a stall: every operation that arrives
/// during it waits until the stall ends, like a stop-the-world GC pause or a failover.
/// Open-loop runs against it show the difference between corrected latency and service time.
public struct StallTarget: LoadTarget {
    /// Time from one stall's start to the next's.
    public let periodNanos: UInt64
    /// Length of each stall.
    public let pauseNanos: UInt64
    private let epochNanos: UInt64
    private let sampler: LatencySampler?

    /// The normal per-op delay, nil for none.
    public var latency: LatencyDistribution? { sampler?.distribution }

    /// - Parameters:
    ///   - periodNanos: Time from one stall's start to the next's; must exceed `pauseNanos`.
    ///   - pauseNanos: Length of each stall.
    ///   - latency: Normal per-op delay; nil for none.
    public init(periodNanos: UInt64, pauseNanos: UInt64, latency: LatencyDistribution? = nil, seed: UInt64 = 0) throws {
        guard pauseNanos > 0, pauseNanos < periodNanos else {
            throw LoadGeneratorError(.invalidTargetOption, "stall pause (\(pauseNanos) ns) must be positive and shorter than the period (\(periodNanos) ns); e.g. period=1s pause=100ms")
        }
        self.periodNanos = periodNanos
        self.pauseNanos = pauseNanos
        epochNanos = MonotonicClock.nowNanos()
        sampler = latency.map { LatencySampler($0, seed: seed) }
    }

    /// When the stall covering `nowNanos` ends, or nil when `nowNanos` is outside every stall.
    public func stallEndNanos(at nowNanos: UInt64) -> UInt64? {
        let sinceEpoch = nowNanos &- epochNanos
        let phase = sinceEpoch % periodNanos
        guard nowNanos >= epochNanos, phase >= periodNanos - pauseNanos else { return nil }
        return nowNanos + (periodNanos - phase)
    }

    public func perform(_ operation: LoadOperation) async throws {
        let nowNanos = MonotonicClock.nowNanos()
        var wakeNanos = stallEndNanos(at: nowNanos) ?? nowNanos
        if let sampler { wakeNanos &+= sampler.nextNanos() }
        if wakeNanos > nowNanos { await PreciseSleeper.shared.sleep(untilNanos: wakeNanos) }
    }
}
