import LoadGenerator

/// A queue's design metrics over one measuring window, named `queue.<name>.<metric>`.
extension ClusterQueue {
    /// Enqueued, delivered, retries, dead letters, depth at the window's end, enqueue→done p99.
    public var metricDeclarations: [TargetMetric] {
        [
            TargetMetric(metricName("enqueued"), label: "\(name) enqueued", unit: .count, polarity: nil),
            TargetMetric(metricName("delivered"), label: "\(name) delivered", unit: .count, polarity: nil),
            TargetMetric(metricName("retries"), label: "\(name) retries", unit: .count, polarity: .prefersSmaller),
            TargetMetric(metricName("deadLetters"), label: "\(name) dead letters", unit: .count, polarity: .prefersSmaller),
            TargetMetric(metricName("depthAtEnd"), label: "\(name) depth", unit: .count, polarity: .prefersSmaller),
            TargetMetric(metricName("latencyMillisP99"), label: "\(name) done p99", unit: .milliseconds, polarity: .prefersSmaller),
        ]
    }

    /// Starts a window now; the returned closure gives the window's metrics. Delivered counts
    /// committed completions; the p99 runs from enqueue to the handler's successful return.
    public func beginMetricWindow() -> @Sendable () -> [String: Double] {
        let start = metrics()
        let endLatency = latencyWindows.begin()
        return { [self] in
            let end = metrics()
            return [
                metricName("enqueued"): Double(end.enqueued - start.enqueued),
                metricName("delivered"): Double(end.completed - start.completed),
                metricName("retries"): Double(end.retries - start.retries),
                metricName("deadLetters"): Double(end.deadLetters - start.deadLetters),
                metricName("depthAtEnd"): Double(end.depth),
                metricName("latencyMillisP99"): Double(endLatency()) / 1_000_000,
            ]
        }
    }

    private func metricName(_ metric: String) -> String { "queue.\(name).\(metric)" }
}
