import ScaleCore

/// What a check gets to work with: clusters and service instances on them, a seeded generator and
/// a history recorder. Every cluster it builds is shut down when the check ends.
public struct CheckContext<Service: Sendable>: Sendable {
    /// The seed that replays this check.
    public let seed: UInt64
    public let history: HistoryRecorder
    let environment: CheckEnvironment<Service>
    let clusters: Locked<[Cluster]>

    init(seed: UInt64, history: HistoryRecorder, environment: CheckEnvironment<Service>, clusters: Locked<[Cluster]>) {
        self.seed = seed
        self.history = history
        self.environment = environment
        self.clusters = clusters
    }

    /// Links whose delays vary widely (lognormal, median 20 µs, p99 about 200 µs), so the
    /// interleavings a race needs happen on nearly every run instead of by luck.
    public static var jitteryNetwork: LatencyDistribution { .lognormal(medianNanos: 20_000, sigma: 1.0) }

    /// A fresh cluster as the exercise's checks configure it; `network` replaces its link delay.
    public func makeCluster(network: LatencyDistribution? = nil) async throws -> Cluster {
        try await makeCluster { configuration in
            if let network { configuration.networkDelay = network }
        }
    }

    /// A fresh cluster configured by the exercise's checks and then by `configure` (a check that
    /// needs replicas: `{ $0.replicaCount = 3; $0.replication = .async }`).
    public func makeCluster(_ configure: @escaping @Sendable (inout ClusterConfiguration) -> Void) async throws -> Cluster {
        let cluster = try await environment.makeCluster(configure)
        clusters.withLock { $0.append(cluster) }
        return cluster
    }

    /// A new instance of the implementation under test over `cluster`. A second instance over the
    /// same cluster is a restarted (or another) application server: it must see everything.
    public func makeService(on cluster: Cluster) async throws -> Service {
        try await environment.makeService(cluster)
    }

    /// A fresh instance of the implementation under test on its own fresh cluster.
    public func makeService(network: LatencyDistribution? = nil) async throws -> Service {
        try await makeService(on: await makeCluster(network: network))
    }

    /// Shuts `cluster` down before the check ends (a check that builds many, e.g. while shrinking).
    public func release(_ cluster: Cluster) async {
        clusters.withLock { list in list.removeAll { $0 === cluster } }
        await cluster.shutdown()
    }

    /// Runs `body` on a fresh cluster (as `makeCluster`) and shuts the cluster down when it returns or throws.
    public func withCluster<T>(network: LatencyDistribution? = nil, _ body: (Cluster) async throws -> T) async throws -> T {
        try await withCluster({ configuration in
            if let network { configuration.networkDelay = network }
        }, body)
    }

    /// Runs `body` on a fresh cluster configured by `configure`, shut down when it returns or throws.
    public func withCluster<T>(
        _ configure: @escaping @Sendable (inout ClusterConfiguration) -> Void, _ body: (Cluster) async throws -> T
    ) async throws -> T {
        let cluster = try await makeCluster(configure)
        do {
            let result = try await body(cluster)
            await release(cluster)
            return result
        } catch {
            await release(cluster)
            throw error
        }
    }

    /// A generator for stream `stream` of this check's seed.
    public func generator(stream: Int = 0) -> SeededGenerator { SeededGenerator(seed: seed, stream: stream) }

    /// Fails the check with `reason` unless `condition` holds.
    public func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw CheckFailure(reason()) }
    }
}

/// How checks get clusters and services: the exercise's check cluster and the implementation's factory.
public struct CheckEnvironment<Service: Sendable>: Sendable {
    /// Builds a fresh cluster, its configuration adjusted by the argument.
    public var makeCluster: @Sendable (@escaping @Sendable (inout ClusterConfiguration) -> Void) async throws -> Cluster
    /// Builds one service instance over a cluster.
    public var makeService: @Sendable (Cluster) async throws -> Service

    public init(
        makeCluster: @escaping @Sendable (@escaping @Sendable (inout ClusterConfiguration) -> Void) async throws -> Cluster,
        makeService: @escaping @Sendable (Cluster) async throws -> Service
    ) {
        self.makeCluster = makeCluster
        self.makeService = makeService
    }

    /// Clusters from `configuration` (seeded by the check's seed) with `migrations` applied, then `setUp`.
    public static func clusters(
        _ configuration: ClusterConfiguration, migrations: SchemaMigrations?,
        setUp: (@Sendable (Cluster) async throws -> Void)? = nil,
        makeService: @escaping @Sendable (Cluster) async throws -> Service
    ) -> CheckEnvironment {
        CheckEnvironment(makeCluster: { configure in
            var configured = configuration
            configure(&configured)
            let cluster = try await Cluster.start(configured, migrations: migrations)
            do {
                try await setUp?(cluster)
            } catch {
                await cluster.shutdown()
                throw error
            }
            return cluster
        }, makeService: makeService)
    }
}
