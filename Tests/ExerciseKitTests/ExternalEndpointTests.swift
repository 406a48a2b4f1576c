@testable import ExerciseKit
import ScaleCore
import Testing

/// External endpoints: calls cross the network, and a seeded failure model is honoured and replays.
@Suite struct ExternalEndpointTests {
    enum Outcome: Hashable { case ok, transient, permanent, lostAcknowledgement }

    static let failures = EndpointFailures(transientRate: 0.2, permanentRate: 0.1, lostAcknowledgementRate: 0.05)
    static let callCount = 2_000

    /// Calls the endpoint `callCount` times in sequence; returns each outcome and how often the handler ran.
    static func outcomes(seed: UInt64) async throws -> (outcomes: [Outcome], handled: Int, metrics: [String: Double]) {
        let cluster = try await startCluster(seed: seed)
        let handled = Locked(0)
        let endpoint = try cluster.endpoint(named: "push", failures: failures, timeout: .microseconds(100)) { (request: Int) in
            handled.withLock { $0 += 1 }
            return request * 2
        }
        let endWindow = try #require(cluster.metricSources.last).beginWindow()
        var outcomes: [Outcome] = []
        for request in 0..<callCount {
            do {
                #expect(try await endpoint.call(request) == request * 2)
                outcomes.append(.ok)
            } catch let error as EndpointError {
                outcomes.append(error.code == .transient ? .transient : .permanent)
                #expect(error.isRetryable == (error.code == .transient))
            } catch let error as NetworkError {
                #expect(error.code == .timeout)
                outcomes.append(.lostAcknowledgement)
            }
        }
        let metrics = endWindow()
        await cluster.shutdown()
        return (outcomes, handled.value, metrics)
    }

    /// Whether `count` of `callCount` draws is within 6 standard deviations of a binomial's mean.
    static func isPlausible(_ count: Int, rate: Double, of trials: Int = callCount) -> Bool {
        let mean = Double(trials) * rate
        let deviation = (Double(trials) * rate * (1 - rate)).squareRoot()
        return abs(Double(count) - mean) <= 6 * deviation
    }

    @Test func failureRatesAreHonouredAndCounted() async throws {
        let (outcomes, handled, metrics) = try await Self.outcomes(seed: 7)
        let counts = Dictionary(outcomes.map { ($0, 1) }, uniquingKeysWith: +)
        let transient = counts[.transient, default: 0], permanent = counts[.permanent, default: 0]
        let lost = counts[.lostAcknowledgement, default: 0]
        #expect(Self.isPlausible(transient, rate: Self.failures.transientRate), "\(counts)")
        #expect(Self.isPlausible(permanent, rate: Self.failures.permanentRate), "\(counts)")
        // A reply can only be lost from a call that was not refused.
        let notRefused = Self.callCount - transient - permanent
        #expect(Self.isPlausible(lost, rate: Self.failures.lostAcknowledgementRate, of: notRefused), "\(counts)")
        #expect(handled == notRefused, "refusals never reach the handler; lost acknowledgements do")
        #expect(metrics["endpoint.push.calls"] == Double(Self.callCount))
        #expect(metrics["endpoint.push.transientFailures"] == Double(transient))
        #expect(metrics["endpoint.push.permanentFailures"] == Double(permanent))
        #expect(metrics["endpoint.push.lostAcknowledgements"] == Double(lost))
    }

    @Test func aSeedReplaysTheSameFailures() async throws {
        let first = try await Self.outcomes(seed: 11).outcomes
        #expect(try await Self.outcomes(seed: 11).outcomes == first)
        #expect(try await Self.outcomes(seed: 12).outcomes != first)
    }

    @Test func aCallCrossesTheNetworkToTheEndpointsOwnNode() async throws {
        let cluster = try await startCluster()
        let endpoint = try cluster.endpoint(named: "echo") { (text: String) in text }
        #expect(!cluster.nodeIDs.contains(endpoint.nodeID))
        let before = cluster.network.counters.snapshot().messages
        #expect(try await endpoint.call("hi") == "hi")
        #expect(cluster.network.counters.snapshot().messages &- before == 2)
        #expect(throws: ClusterError.self) { try cluster.endpoint(named: "echo") { (text: String) in text } }
        #expect(try cluster.endpoint(named: "echo", request: String.self, response: String.self) === endpoint)
        #expect(throws: ClusterError.self) { try cluster.endpoint(named: "echo", request: Int.self, response: Int.self) }
        #expect(throws: ClusterError.self) { try cluster.endpoint(named: "absent", request: Int.self, response: Int.self) }
        // The endpoint's own service time is waited on every handled call (a lower bound: sleeps never end early).
        let slow = try cluster.endpoint(named: "slow", latency: .constant(nanos: 2_000_000)) { (text: String) in text }
        let startNanos = MonotonicClock.nowNanos()
        #expect(try await slow.call("hi") == "hi")
        #expect(MonotonicClock.nowNanos() - startNanos >= 2_000_000)
        await cluster.shutdown()
    }

    @Test(arguments: [
        EndpointFailures(transientRate: -0.1), EndpointFailures(lostAcknowledgementRate: 1.5),
        EndpointFailures(transientRate: 0.6, permanentRate: 0.6),
    ])
    func failureRatesOutsideTheirRangeAreRefused(failures: EndpointFailures) async throws {
        let cluster = try await startCluster()
        #expect(throws: ClusterError.self) { try cluster.endpoint(named: "bad", failures: failures) { (value: Int) in value } }
        #expect(throws: ClusterError.self) { try cluster.endpoint(named: "bad name!") { (value: Int) in value } }
        await cluster.shutdown()
    }
}
