import ExerciseKit
import LoadGenerator
import ScaleCore
import Synchronization

/// What the reference designs count on the way (one set per cluster, shared by every service
/// instance) and report as design metrics of every bench run on the cluster.
public final class SearchCounters: Sendable {
    enum Slot: Int, CaseIterable {
        case queries, messages, hedgeableRequests, hedgesSent, hedgesWon, cacheLookups, cacheHits, documentsScored, documentsIndexed
    }

    private let counters = StripedCounters(count: Slot.allCases.count)
    // The hedge delay last used (a gauge, not a count); 0 before any hedged request.
    private let hedgeDelayNanos = Atomic<UInt64>(0)

    /// The cluster's counters, registered as a metric source the first time any instance asks.
    public static func on(_ cluster: Cluster) throws -> SearchCounters {
        try cluster.shared("search-counters") {
            let counters = SearchCounters()
            cluster.addMetricSource(ClusterMetricSource(declarations: declarations) { counters.beginWindow() })
            return counters
        }
    }

    func add(_ slot: Slot, _ value: UInt64 = 1) {
        counters.add(value, at: slot.rawValue, stripe: StripedCounters.currentStripe())
    }

    func noteHedgeDelay(_ nanos: UInt64) {
        hedgeDelayNanos.store(nanos, ordering: .relaxed)
    }

    func snapshot() -> [UInt64] { Slot.allCases.map { counters.sum(at: $0.rawValue) } }

    public static let declarations: [TargetMetric] = [
        TargetMetric("searchMessagesPerQuery", label: "msgs/query", unit: .ratio, polarity: .prefersSmaller),
        TargetMetric("documentsScoredPerQuery", label: "scored/query", unit: .ratio, polarity: .prefersSmaller),
        TargetMetric("hedgeExtraFraction", label: "hedges sent", unit: .fraction, polarity: .prefersSmaller),
        TargetMetric("hedgeWinFraction", label: "hedges won", unit: .fraction, polarity: nil),
        TargetMetric("hedgeDelayMillis", label: "hedge after", unit: .milliseconds, polarity: nil),
        TargetMetric("cacheHitFraction", label: "result hits", unit: .fraction, polarity: .prefersLarger),
        TargetMetric("documentsIndexedPerSec", label: "docs indexed/s", unit: .count, polarity: .prefersLarger),
    ]

    /// Counts from now; the returned closure reports the window's figures (only those with a denominator).
    func beginWindow() -> @Sendable () -> [String: Double] {
        let start = snapshot()
        let startNanos = MonotonicClock.nowNanos()
        return { [self] in
            let end = snapshot()
            let delta = Dictionary(uniqueKeysWithValues: Slot.allCases.map { ($0, Double(end[$0.rawValue] &- start[$0.rawValue])) })
            let seconds = Double(MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())) / 1e9
            var metrics: [String: Double] = [:]
            func ratio(_ name: String, _ numerator: Slot, _ denominator: Slot) {
                if let below = delta[denominator], below > 0 { metrics[name] = delta[numerator]! / below }
            }
            ratio("searchMessagesPerQuery", .messages, .queries)
            ratio("documentsScoredPerQuery", .documentsScored, .queries)
            ratio("hedgeExtraFraction", .hedgesSent, .hedgeableRequests)
            ratio("hedgeWinFraction", .hedgesWon, .hedgesSent)
            if delta[.hedgeableRequests]! > 0 { metrics["hedgeDelayMillis"] = Double(hedgeDelayNanos.load(ordering: .relaxed)) / 1e6 }
            ratio("cacheHitFraction", .cacheHits, .cacheLookups)
            if delta[.documentsIndexed]! > 0, seconds > 0 { metrics["documentsIndexedPerSec"] = delta[.documentsIndexed]! / seconds }
            return metrics
        }
    }
}
