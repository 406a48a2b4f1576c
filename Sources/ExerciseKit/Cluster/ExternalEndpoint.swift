import ScaleCore

/// A simulated external service on the cluster's network (a push provider, a payment gateway):
/// a call crosses the network to the endpoint's node, waits the endpoint's own service time
/// (`latency`, drawn per call), and runs the exercise's `handler` there, unless the failure model
/// says otherwise:
/// - transient failure: refused before the handler runs, `EndpointError` `.transient` (retryable);
/// - permanent failure: rejected before the handler runs, `EndpointError` `.permanent` (never retry);
/// - lost acknowledgement: the handler runs, its reply is lost, the caller waits `timeoutNanos`
///   and gets `NetworkError` `.timeout` (it cannot tell a lost request from a lost reply).
///
/// Draws come from a generator seeded by the cluster's seed and the endpoint's name, one set per
/// call in arrival order: sequential calls replay exactly; concurrent callers' order decides which
/// call gets which draw, so the rates hold but not the victims.
public final class ExternalEndpoint<Request: Sendable, Response: Sendable>: Sendable {
    /// The endpoint's name (unique in its cluster).
    public let name: String
    /// Where it sits on the network.
    public let nodeID: NodeID
    /// Its service time per handled call, on top of the network's delays.
    public let latency: LatencyDistribution
    /// How it fails.
    public let failures: EndpointFailures
    /// How long a caller waits for a reply that was lost.
    public let timeoutNanos: UInt64
    let counters = EndpointCounters()
    private let network: SimulatedNetwork
    private let kind: MessageKind
    private let handler: @Sendable (Request) async throws -> Response
    // Guards the draws: one generator, so a sequential run replays exactly.
    private let draws: Locked<SeededGenerator>

    init(
        name: String, nodeID: NodeID, network: SimulatedNetwork, latency: LatencyDistribution, failures: EndpointFailures,
        timeoutNanos: UInt64, seed: UInt64, handler: @escaping @Sendable (Request) async throws -> Response
    ) {
        self.name = name
        self.nodeID = nodeID
        self.network = network
        self.latency = latency
        self.failures = failures
        self.timeoutNanos = timeoutNanos
        self.handler = handler
        kind = MessageKind("endpoint-\(name)")
        draws = Locked(SeededGenerator(seed: seed ^ StableHash.hash(name)))
    }

    /// Sends `request` from `client` and returns the endpoint's response (or one of its failures).
    public func call(_ request: Request, from client: NodeID = .client) async throws -> Response {
        let startNanos = MonotonicClock.nowNanos()
        return try await network.call(from: client, to: nodeID, kind: kind, timeoutNanos: timeoutNanos) {
            try await handle(request, from: client, startNanos: startNanos)
        }
    }

    private func handle(_ request: Request, from client: NodeID, startNanos: UInt64) async throws -> Response {
        let latency = self.latency
        let (outcomeDraw, acknowledgementDraw, serviceNanos) = draws.withLock { generator in
            (generator.nextUnitDouble(), generator.nextUnitDouble(), latency.sampleNanos(using: &generator))
        }
        counters.calls.add(1, ordering: .relaxed)
        if outcomeDraw < failures.transientRate {
            counters.transientFailures.add(1, ordering: .relaxed)
            throw EndpointError(.transient, endpoint: name)
        }
        if outcomeDraw < failures.transientRate + failures.permanentRate {
            counters.permanentFailures.add(1, ordering: .relaxed)
            throw EndpointError(.permanent, endpoint: name)
        }
        if serviceNanos > 0 { await PreciseSleeper.shared.sleep(nanos: serviceNanos) }
        let response: Response
        do {
            response = try await handler(request)
        } catch {
            counters.handlerErrors.add(1, ordering: .relaxed)
            throw error
        }
        guard acknowledgementDraw >= failures.lostAcknowledgementRate else {
            counters.lostAcknowledgements.add(1, ordering: .relaxed)
            await PreciseSleeper.shared.sleep(untilNanos: startNanos &+ timeoutNanos)
            throw NetworkError(.timeout, from: client, to: nodeID, kind: kind, waitedNanos: MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos()))
        }
        return response
    }
}
