import ScaleCore

/// Recent shard-call latencies and the hedge delay they suggest: the p95, capped at 4× the
/// median so that a replica slow on more than 5 % of calls (whose slowness *is* the p95) still
/// gets hedged, as "The Tail at Scale" defers a second request to the 95th-percentile latency.
final class LatencyTracker: Sendable {
    static let capacity = 512
    static let recomputeEvery = 64
    static let minimumDelayNanos: UInt64 = 20_000

    private struct State {
        var samples: [UInt64] = []
        var next = 0
        var sinceRecompute = 0
        var delayNanos: UInt64?
    }

    // Guarded by the lock: every shard call records into it.
    private let state = Locked(State())

    /// Records one call's latency; every `recomputeEvery` samples the delay is recomputed.
    func record(_ nanos: UInt64) {
        state.withLock { state in
            if state.samples.count < Self.capacity {
                state.samples.append(nanos)
            } else {
                state.samples[state.next] = nanos
                state.next = (state.next + 1) % Self.capacity
            }
            state.sinceRecompute += 1
            guard state.sinceRecompute >= Self.recomputeEvery else { return }
            state.sinceRecompute = 0
            let sorted = state.samples.sorted()
            let p50 = sorted[sorted.count / 2]
            let p95 = sorted[min(sorted.count - 1, sorted.count * 95 / 100)]
            state.delayNanos = max(Self.minimumDelayNanos, min(p95, 4 &* p50))
        }
    }

    /// How long to wait before hedging; nil until enough calls were seen.
    var hedgeDelayNanos: UInt64? { state.withLock { $0.delayNanos } }
}
