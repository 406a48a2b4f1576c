import ExerciseKit
import LoadGenerator
import ScaleCore
import Testing

/// A bench run over a cluster with a cache tier, a queue and an endpoint reports their design metrics,
/// counted from when measuring starts.
@Suite struct ClusterComponentMetricsTests {
    /// A cache-aside reader that also queues a job per read and calls an endpoint once at start.
    struct Service: Sendable {
        let cache: CacheClient
        let jobs: ClusterQueue
        let provider: ExternalEndpoint<Int, Int>
    }

    @Test func aScenarioRunReportsEveryComponentsMetrics() async throws {
        let cluster = try await startCluster { $0.cacheNodeCount = 2 }
        let service = Service(
            cache: try cluster.cacheClient(),
            jobs: try cluster.queue(named: "jobs"),
            provider: try cluster.endpoint(named: "provider") { (value: Int) in value }
        )
        let scenario = Scenario<Service>(
            name: "reads", summary: "cache-aside reads", mix: OperationMix([.init(name: "get", weight: 1)]),
            prepare: { service, _ in _ = try await service.provider.call(1) },
            perform: { service, operation, _ in
                _ = try await service.cache.value(forKey: "key\(operation.key)") { Array("value\(operation.key)".utf8) }
                try await service.jobs.enqueue([UInt8(truncatingIfNeeded: operation.key)])
            }
        )
        let run = ScenarioRun(keyCount: 10)
        try await scenario.prepare(service, run)
        let target = ScenarioTarget(service: service, scenario: scenario, cluster: cluster, run: run)
        for key in [0, 1, 0, 1, 2, 0] as [UInt64] {
            try await target.perform(LoadOperation(kindIndex: 0, key: key, valueSizeBytes: 0))
        }
        let metrics = await target.runMetrics()
        let declared = Set(target.metricDeclarations.map(\.name))
        for name in ["cacheHitRatio", "queue.jobs.enqueued", "endpoint.provider.calls"] {
            #expect(declared.contains(name), "\(name) is declared")
        }
        #expect(metrics["cacheMisses"] == 3)
        #expect(metrics["cacheHitRatio"] == 0.5)
        #expect(metrics["queue.jobs.enqueued"] == 6)
        #expect(metrics["queue.jobs.depthAtEnd"] == 6)
        #expect(metrics["endpoint.provider.calls"] == 0, "the call made while preparing is outside the window")
        await cluster.shutdown()
    }
}
