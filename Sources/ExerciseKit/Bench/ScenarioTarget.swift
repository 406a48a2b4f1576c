import LoadGenerator
import ScaleCore

/// Adapts an exercise service and a scenario to the load generator, and measures what the
/// design costs beyond latency: messages per operation and how evenly shards are loaded.
public final class ScenarioTarget<Service: Sendable>: LoadTarget {
    let service: Service
    let scenario: Scenario<Service>
    let cluster: Cluster
    let run: ScenarioRun
    // Striped: every worker thread counts each operation, so one shared atomic would bounce.
    private let operationCount = StripedCounters(count: 1)
    private let networkAtStart: NetworkCountersSnapshot
    private let startNanos = MonotonicClock.nowNanos()
    private let nodeOperationsAtStart: [Int]
    // One window per cluster component, opened when counting starts.
    private let componentWindows: [@Sendable () -> [String: Double]]
    private let componentDeclarations: [TargetMetric]
    // Set once the background task finishes; read after the run.
    private let backgroundMetrics = Locked<[String: Double]>([:])
    private let background = Locked<Task<Void, Never>?>(nil)

    /// Wraps a prepared service; counting starts now (after the data was loaded).
    public init(service: Service, scenario: Scenario<Service>, cluster: Cluster, run: ScenarioRun) {
        self.service = service
        self.run = run
        self.scenario = scenario
        self.cluster = cluster
        networkAtStart = cluster.network.counters.snapshot()
        nodeOperationsAtStart = cluster.nodeCounters().map { $0.reads + $0.writes }
        let sources = cluster.metricSources
        componentDeclarations = sources.flatMap(\.declarations)
        componentWindows = sources.map { $0.beginWindow() }
    }

    public func perform(_ operation: LoadOperation) async throws {
        operationCount.add(1, at: 0, stripe: StripedCounters.currentStripe())
        try await scenario.perform(service, operation, run)
    }

    /// Starts the scenario's concurrent action (if any), e.g. adding a shard under load.
    public func startBackground() {
        guard let duringLoad = scenario.duringLoad else { return }
        let service = service
        let cluster = cluster
        let task = Task { [self] in
            do {
                let metrics = try await duringLoad(service, cluster)
                backgroundMetrics.withLock { $0.merge(metrics) { $1 } }
            } catch {
                backgroundMetrics.withLock { $0["backgroundFailed"] = 1 }
            }
        }
        background.withLock { $0 = task }
    }

    /// Waits for the background action to finish (it is not cut short: a reshard completes).
    public func finishBackground() async {
        if let task = background.withLock({ $0 }) { await task.value }
    }

    /// What every exercise bench measures, and what the scenario adds.
    public static var standardMetrics: [TargetMetric] {
        [
            TargetMetric("messagesPerOp", label: "msgs/op", unit: .ratio, polarity: .prefersSmaller),
            TargetMetric("shardLoadMaxOverMean", label: "shard max/mean", unit: .ratio, polarity: .prefersSmaller),
            TargetMetric("backgroundFailed", label: "background failed", unit: .flag, polarity: .prefersSmaller),
        ]
    }

    /// Messages per node of the largest hosted group (a design whose shards are hosted nodes,
    /// such as search engines, keeps its storage nodes idle); empty when there is none.
    private func hostedLoad(_ network: NetworkCountersSnapshot) -> [Double] {
        let shards = cluster.hostedGroupNodeIDs.max { $0.count < $1.count } ?? []
        return shards.map { Double(network.messagesByNode[$0] ?? 0) }
    }

    public var metricDeclarations: [TargetMetric] { Self.standardMetrics + componentDeclarations + scenario.metrics }

    public func runMetrics() async -> [String: Double] {
        let loadEndNanos = MonotonicClock.nowNanos()
        await finishBackground()
        let operations = max(1, operationCount.sum(at: 0))
        let network = cluster.network.counters.snapshot().subtracting(networkAtStart)
        var metrics: [String: Double] = ["messagesPerOp": Double(network.messages) / Double(operations)]
        let counters = cluster.nodeCounters()
        let perNode = counters.enumerated().map { index, counter in
            Double(counter.reads + counter.writes - (index < nodeOperationsAtStart.count ? nodeOperationsAtStart[index] : 0))
        }
        let load = perNode.contains { $0 > 0 } ? perNode : hostedLoad(network)
        if let loadMax = load.max(), !load.isEmpty {
            let mean = load.reduce(0, +) / Double(load.count)
            metrics["shardLoadMaxOverMean"] = mean > 0 ? loadMax / mean : 1
        }
        for window in componentWindows { metrics.merge(window()) { $1 } }
        metrics.merge(backgroundMetrics.withLock { $0 }) { $1 }
        if let finish = scenario.finish {
            let window = ScenarioWindow(
                elapsedNanos: MonotonicClock.elapsedNanos(from: startNanos, to: loadEndNanos),
                operationCount: operationCount.sum(at: 0), nodeOperations: perNode.map { Int($0) }
            )
            do {
                metrics.merge(try await finish(service, cluster, run, window)) { $1 }
            } catch {
                metrics["backgroundFailed"] = 1
            }
        }
        return metrics
    }
}
