import ScaleCore

/// The cache tier: what a cached design calls, learner and reference alike.
extension Cluster {
    /// The cluster's cache tier (`configuration.cacheTier`: `cacheNodeCount` nodes on the network,
    /// `--cache-nodes` on the bench command), shared by every service instance. Throws when the
    /// cluster has no cache nodes.
    public var cache: CacheTier {
        get throws {
            guard let tier = components.withLock({ $0.cacheTier }) else {
                throw ClusterError("this cluster has no cache tier; set ClusterConfiguration.cacheNodeCount or --cache-nodes (1 to \(CacheTierConfiguration.maximumNodeCount))")
            }
            return tier
        }
    }

    /// A new client of the cache tier for one service instance: its own single-flight table and,
    /// with `near`, its own near cache (see `CacheClient` for the near cache's staleness). Calls
    /// come from `client` on the network.
    public func cacheClient(near: NearCacheOptions? = nil, from client: NodeID = .client) throws -> CacheClient {
        try CacheClient(tier: cache, client: client, near: near)
    }

    /// Builds the cache tier if the configuration asks for one, and adds its design metrics.
    func startCacheTier() throws {
        let configuration = self.configuration.cacheTier
        try configuration.validate()
        guard configuration.nodeCount > 0 else { return }
        let nodeIDs = try (0..<configuration.nodeCount).map { _ in try allocateNodeID() }
        let tier = try CacheTier(configuration: configuration, nodeIDs: nodeIDs, network: network, virtualNodeCount: self.configuration.virtualNodeCount)
        components.withLock { $0.cacheTier = tier }
        addMetricSource(ClusterMetricSource(declarations: CacheTier.metricDeclarations, beginWindow: tier.beginMetricWindow))
    }
}
