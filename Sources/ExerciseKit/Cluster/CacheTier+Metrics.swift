import LoadGenerator
import ScaleCore

/// The cache tier's design metrics, counted over one measuring window.
extension CacheTier {
    /// Hit ratio, misses, evictions, bytes held, single-flight joins, near-cache hit ratio.
    public static let metricDeclarations: [TargetMetric] = [
        TargetMetric("cacheHitRatio", label: "cache hit", unit: .fraction, polarity: .prefersLarger),
        TargetMetric("cacheMisses", label: "cache misses", unit: .count, polarity: .prefersSmaller),
        TargetMetric("cacheEvictions", label: "evictions", unit: .count, polarity: .prefersSmaller),
        TargetMetric("cacheBytesHeld", label: "cache bytes", unit: .count, polarity: nil),
        TargetMetric("cacheSingleFlightJoins", label: "sf joins", unit: .count, polarity: nil),
        TargetMetric("nearCacheHitRatio", label: "near hit", unit: .fraction, polarity: .prefersLarger),
    ]

    /// Starts a window now; the returned closure gives the metrics of what happened since
    /// (bytes held: at the window's end).
    public func beginMetricWindow() -> @Sendable () -> [String: Double] {
        let start = windowCounts()
        return { [self] in
            let end = windowCounts()
            let hits = end.hits - start.hits
            let misses = end.misses - start.misses
            let nearHits = end.nearHits - start.nearHits
            let nearLookups = nearHits + end.nearMisses - start.nearMisses
            return [
                "cacheHitRatio": Self.ratio(hits, of: hits + misses),
                "cacheMisses": Double(misses),
                "cacheEvictions": Double(end.evictions - start.evictions),
                "cacheBytesHeld": Double(end.bytesHeld),
                "cacheSingleFlightJoins": Double(end.joins - start.joins),
                "nearCacheHitRatio": Self.ratio(nearHits, of: nearLookups),
            ]
        }
    }

    private struct WindowCounts {
        var hits = 0, misses = 0, evictions = 0, bytesHeld = 0, joins = 0, nearHits = 0, nearMisses = 0
    }

    private func windowCounts() -> WindowCounts {
        let statistics = statistics()
        return WindowCounts(
            hits: statistics.hits, misses: statistics.misses, evictions: statistics.evictions, bytesHeld: statistics.costBytes,
            joins: statistics.loadsCoalesced,
            nearHits: clientCounters.nearHits.load(ordering: .relaxed), nearMisses: clientCounters.nearMisses.load(ordering: .relaxed)
        )
    }

    static func ratio(_ part: Int, of whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }
}
