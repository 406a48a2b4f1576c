import ScaleCore

/// External services on the network: what a design calls beyond its own nodes (a push provider).
extension Cluster {
    /// Most external endpoints one cluster holds.
    public static let maximumEndpointCount = 16
    /// Longest time a caller of an endpoint waits for a lost reply (one hour).
    public static let maximumEndpointTimeoutNanos: UInt64 = 3_600_000_000_000

    /// Puts an external service named `name` on its own network node: each call waits `latency`
    /// (the service's own time, on top of the network's delays), then runs `handler`, unless
    /// `failures` refuses it or loses its reply (see `ExternalEndpoint`). A caller whose reply was
    /// lost fails after `timeout` (nil: the network's call timeout). Draws are seeded by the
    /// cluster's seed and `name`. Create endpoints in the service's initializer (a second instance
    /// reaches the same one through whatever it was handed), so a bench run counts their calls.
    public func endpoint<Request: Sendable, Response: Sendable>(
        named name: String,
        latency: LatencyDistribution = .none,
        failures: EndpointFailures = .none,
        timeout: Duration? = nil,
        handler: @escaping @Sendable (Request) async throws -> Response
    ) throws -> ExternalEndpoint<Request, Response> {
        try Self.validateComponentName(name, of: "endpoint")
        try failures.validate()
        let timeoutNanos = timeout.map(\.saturatingNanos) ?? network.configuration.callTimeoutNanos
        guard (1...Self.maximumEndpointTimeoutNanos).contains(timeoutNanos) else {
            throw ClusterError("endpoint '\(name)' timeout \(timeout.map { "\($0)" } ?? "") is out of range; use more than 0 and at most 1 hour")
        }
        let nodeID = try components.withLock { components in
            guard components.endpointNames.count < Self.maximumEndpointCount else {
                throw ClusterError("this cluster already holds \(Self.maximumEndpointCount) endpoints; use fewer endpoints")
            }
            guard components.endpointNames.insert(name).inserted else {
                throw ClusterError("this cluster already has an endpoint named '\(name)'; create it once and share it")
            }
            do {
                return try allocateNodeID()
            } catch {
                components.endpointNames.remove(name)
                throw error
            }
        }
        let endpoint = ExternalEndpoint(
            name: name, nodeID: nodeID, network: network, latency: latency, failures: failures,
            timeoutNanos: timeoutNanos, seed: configuration.seed, handler: handler
        )
        let counters = endpoint.counters
        addMetricSource(ClusterMetricSource(declarations: EndpointCounters.declarations(endpoint: name)) {
            counters.beginWindow(endpoint: name)
        })
        return endpoint
    }
}
