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
    /// cluster's seed and `name`. Create each endpoint once per cluster, before measuring starts
    /// (an exercise does it in `ExerciseDefinition.setUpCluster`, run on every bench and check
    /// cluster before any service instance); services look it up with `endpoint(named:)`.
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
        let endpoint = try components.withLock { components in
            guard components.endpoints[name] == nil else {
                throw ClusterError("this cluster already has an endpoint named '\(name)'; create it once (e.g. in the exercise's setUpCluster) and look it up with endpoint(named:)")
            }
            guard components.endpoints.count < Self.maximumEndpointCount else {
                throw ClusterError("this cluster already holds \(Self.maximumEndpointCount) endpoints; use fewer endpoints")
            }
            let endpoint = ExternalEndpoint(
                name: name, nodeID: try allocateNodeID(), network: network, latency: latency, failures: failures,
                timeoutNanos: timeoutNanos, seed: configuration.seed, handler: handler
            )
            components.endpoints[name] = endpoint
            return endpoint
        }
        let counters = endpoint.counters
        addMetricSource(ClusterMetricSource(declarations: EndpointCounters.declarations(endpoint: name)) {
            counters.beginWindow(endpoint: name)
        })
        return endpoint
    }

    /// The endpoint named `name` created earlier on this cluster (by the exercise's setup or another
    /// instance), with the request and response types it was created with.
    public func endpoint<Request: Sendable, Response: Sendable>(
        named name: String, request: Request.Type = Request.self, response: Response.Type = Response.self
    ) throws -> ExternalEndpoint<Request, Response> {
        guard let found = components.withLock({ $0.endpoints[name] }) else {
            let names = components.withLock { $0.endpoints.keys.sorted() }
            throw ClusterError("this cluster has no endpoint named '\(name)'; it has \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
        guard let endpoint = found as? ExternalEndpoint<Request, Response> else {
            throw ClusterError("endpoint '\(name)' is \(type(of: found)), not ExternalEndpoint<\(Request.self), \(Response.self)>")
        }
        return endpoint
    }
}
