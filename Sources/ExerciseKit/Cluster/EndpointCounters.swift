import LoadGenerator
import Synchronization

/// What an external endpoint counts (atomics: calls arrive from many tasks), and its design metrics.
final class EndpointCounters: Sendable {
    let calls = Atomic<Int>(0)
    let transientFailures = Atomic<Int>(0)
    let permanentFailures = Atomic<Int>(0)
    let lostAcknowledgements = Atomic<Int>(0)
    /// Errors the handler itself threw.
    let handlerErrors = Atomic<Int>(0)

    /// Metric name suffixes and label suffixes, in the order `snapshot()` reads the counters.
    private static let names = [
        ("calls", "calls"), ("transientFailures", "transient"), ("permanentFailures", "permanent"),
        ("lostAcknowledgements", "lost acks"), ("handlerErrors", "handler errors"),
    ]

    /// The counts now, in the order of `names`.
    private func snapshot() -> [Int] {
        [
            calls.load(ordering: .relaxed), transientFailures.load(ordering: .relaxed), permanentFailures.load(ordering: .relaxed),
            lostAcknowledgements.load(ordering: .relaxed), handlerErrors.load(ordering: .relaxed),
        ]
    }

    /// The design metrics of endpoint `endpoint`: `endpoint.<name>.calls`, failures by kind. The
    /// failure rates are the scenario's, not the design's, so none is judged.
    static func declarations(endpoint: String) -> [TargetMetric] {
        names.map { TargetMetric("endpoint.\(endpoint).\($0.0)", label: "\(endpoint) \($0.1)", unit: .count, polarity: nil) }
    }

    /// Starts a window now; the returned closure gives the counts since.
    func beginWindow(endpoint: String) -> @Sendable () -> [String: Double] {
        let start = snapshot()
        return { [self] in
            var metrics: [String: Double] = [:]
            for ((suffix, _), (before, after)) in zip(Self.names, zip(start, snapshot())) {
                metrics["endpoint.\(endpoint).\(suffix)"] = Double(after - before)
            }
            return metrics
        }
    }
}
