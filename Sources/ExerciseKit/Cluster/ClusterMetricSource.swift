import LoadGenerator

/// Design metrics a cluster component (replica sets, a cache tier, a queue, an endpoint) adds to
/// every bench run on its cluster: the bench opens a window when measuring starts and closes it at
/// the end, so the values cover only the measured load.
public struct ClusterMetricSource: Sendable {
    /// The metrics the component reports: name, label, unit, which direction is better.
    public var declarations: [TargetMetric]
    /// Opens a measurement window (e.g. snapshots counters) and returns the closure that closes it
    /// and reports the window's values by metric name.
    public var beginWindow: @Sendable () -> @Sendable () -> [String: Double]

    /// A source reporting `declarations`, measured over windows opened by `beginWindow`.
    public init(declarations: [TargetMetric], beginWindow: @escaping @Sendable () -> @Sendable () -> [String: Double]) {
        self.declarations = declarations
        self.beginWindow = beginWindow
    }
}

extension Cluster {
    /// Adds `source`'s metrics to every bench run on this cluster.
    public func addMetricSource(_ source: ClusterMetricSource) {
        state.withLock { $0.metricSources.append(source) }
    }

    /// The metric sources registered so far.
    public var metricSources: [ClusterMetricSource] { state.withLock { $0.metricSources } }
}
