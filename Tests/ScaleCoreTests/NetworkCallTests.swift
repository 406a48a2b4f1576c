import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

extension NetworkTests {
    @Suite struct NetworkCallTests {
        @Test func noneProfileRunsTheBodyAndCountsTwoMessagesPerCall() async throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2))
            let value = try await network.call(from: .client, to: 1, kind: "none-get") { 42 }
            #expect(value == 42)
            let counts = network.counters.snapshot()
            #expect(counts.calls == 1)
            #expect(counts.messages == 2)
            #expect(counts.messagesByKind == ["none-get": 2])
            #expect(counts.messagesByNode == [1: 2])
        }

        @Test func bodyErrorsTravelBackToTheCaller() async {
            struct Refused: Error, Equatable {}
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 1, delay: .constant(nanos: 50_000)))
            await #expect(throws: Refused()) {
                try await network.call(from: .client, to: 0) { throw Refused() }
            }
            #expect(network.counters.snapshot().messages == 2)
        }

        // Timing properties hold on any machine: a delay is never shorter than configured, calls
        // overlap, draws follow the distribution. How close to the configured delay calls land is
        // a speed, measured by `scalebench micro network`, not asserted here.
        @Test func callsPayTheConfiguredDelayEachWay() async throws {
            let oneWayNanos: UInt64 = 2_000_000
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 1, delay: .constant(nanos: oneWayNanos)))
            let callNanos = try await NetworkTiming.callNanos(network, count: 10) { _ in (.client, 0) }
            #expect(callNanos.allSatisfy { $0 >= 2 * oneWayNanos }, "a call returned before two one-way delays: \(callNanos)")
            #expect(network.counters.snapshot().messages == 20)
        }

        @Test func concurrentCallsEachPayTheirDelayAndOverlap() async throws {
            let oneWayNanos: UInt64 = 5_000_000
            let workerCount = 8
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 4, delay: .constant(nanos: oneWayNanos)))
            let inFlight = InFlightGauge()
            let callNanos = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for worker in 0..<workerCount {
                    group.addTask {
                        var times: [UInt64] = []
                        for _ in 0..<3 {
                            let start = MonotonicClock.nowNanos()
                            // Counted from the request's arrival until the reply leaves: the body runs between the two delays.
                            inFlight.enter()
                            try await network.call(from: .client(worker), to: NodeID(worker % 4)) { inFlight.peak() }
                            inFlight.leave()
                            times.append(MonotonicClock.nowNanos() - start)
                        }
                        return times
                    }
                }
                var all: [UInt64] = []
                for try await times in group { all += times }
                return all
            }
            #expect(callNanos.count == workerCount * 3)
            #expect(callNanos.allSatisfy { $0 >= 2 * oneWayNanos })
            // Waiting holds no thread: while one call waits its delay, others are under way.
            #expect(inFlight.maximum > 1, "calls never overlapped")
        }

        @Test func randomDelaysFollowTheConfiguredDistribution() async throws {
            let delay = LatencyDistribution.uniform(minNanos: 1_000_000, maxNanos: 3_000_000)
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 1, delay: delay, seed: 4))
            // The draws themselves: every one in range, their mean near the configured mean.
            var drawnNanos: [UInt64] = []
            for _ in 0..<20_000 {
                guard case .arrives(let atNanos) = network.route(from: .client, to: 0, sentAtNanos: 0) else {
                    Issue.record("a message was lost on a link without faults")
                    return
                }
                drawnNanos.append(atNanos)
            }
            #expect(drawnNanos.allSatisfy { (1_000_000...3_000_000).contains($0) })
            let meanNanos = Double(drawnNanos.reduce(0, +)) / Double(drawnNanos.count)
            // Standard error of the mean: (2 ms / √12) / √20000 ≈ 4 µs; 1 % is 5 of them.
            #expect(abs(meanNanos - delay.meanNanos) < delay.meanNanos * 0.01, "mean draw \(meanNanos) ns")
            // And the waits: never shorter than the shortest possible pair of delays.
            let callNanos = try await NetworkTiming.callNanos(network, count: 10) { _ in (.client, 0) }
            #expect(callNanos.allSatisfy { $0 >= 2_000_000 })
        }

        @Test func linkOverridesAndClientDelayPickTheRightDistribution() {
            var configuration = NetworkConfiguration(nodeCount: 3, delay: .sameZone, clientDelay: .constant(nanos: 5))
            configuration.setDelay(.crossRegion, from: [2], to: [0, 1])
            #expect(configuration.delay(from: 0, to: 1) == .sameZone)
            #expect(configuration.delay(from: .client(4), to: 1) == .constant(nanos: 5))
            #expect(configuration.delay(from: 2, to: 0) == .crossRegion)
            #expect(configuration.delay(from: 1, to: 2) == .crossRegion)
            #expect(configuration.usesDelays)
            #expect(!NetworkConfiguration(nodeCount: 3).usesDelays)
        }

        @Test func oneWaySendDeliversOnceAndCountsOneMessage() async {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2, delay: .constant(nanos: 100_000)))
            let received = Locked(0)
            let delivered = await network.send(from: 0, to: 1, kind: "send-replicate") { received.withLock { $0 += 1 } }
            #expect(delivered)
            #expect(received.withLock { $0 } == 1)
            let counts = network.counters.snapshot()
            #expect(counts.sends == 1 && counts.calls == 0 && counts.messages == 1)
        }

        @Test func countersSplitByKindNodeAndClientAndReset() async throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 3))
            let get = MessageKind("counter-get")
            let replicate = MessageKind("counter-replicate")
            for _ in 0..<3 {
                try await network.call(from: .client, to: 0, kind: get) {
                    try await network.call(from: 0, to: 1, kind: replicate) {}
                }
            }
            await network.send(from: 0, to: 7, kind: replicate) {}
            let counts = network.counters.snapshot(resetting: true)
            #expect(counts.messages == 13)
            #expect(counts.messagesByKind == ["counter-get": 6, "counter-replicate": 7])
            #expect(counts.messagesByNode == [0: 13, 1: 6])
            #expect(counts.messagesOtherNodes == 1)
            #expect(counts.clientMessages == 6 && counts.nodeMessages == 7)
            #expect(counts.calls == 6 && counts.sends == 1)
            #expect(counts.messagesPerOperation(operationCount: 3) == 13.0 / 3)
            #expect(counts.metrics(operationCount: 3)["nodeMessagesPerOp"] == 7.0 / 3)
            #expect(network.counters.snapshot() == NetworkCountersSnapshot(
                messages: 0, clientMessages: 0, messagesDropped: 0, calls: 0, sends: 0, callsTimedOut: 0,
                callsRefused: 0, messagesByKind: [:], messagesByNode: [:], messagesOtherNodes: 0
            ))
        }

        @Test func snapshotsSubtractToTheCountsInBetween() async throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2))
            try await network.call(from: .client, to: 0, kind: "delta-get") {}
            let before = network.counters.snapshot()
            try await network.call(from: 0, to: 1, kind: "delta-put") {}
            let delta = network.counters.snapshot().subtracting(before)
            #expect(delta.messages == 2 && delta.calls == 1 && delta.clientMessages == 0)
            #expect(delta.messagesByKind == ["delta-put": 2])
            #expect(delta.messagesByNode == [0: 2, 1: 2])
        }

        @Test func messageKindsInternByName() {
            #expect(MessageKind("kind-a") == MessageKind("kind-a"))
            #expect(MessageKind("kind-a") != MessageKind("kind-b"))
            #expect(MessageKind("kind-a").name == "kind-a")
            let literal: MessageKind = "kind-a"
            #expect(literal.index == MessageKind("kind-a").index)
        }

        @Test func delaysReplayFromTheSeedPerLink() {
            func arrivals(seed: UInt64) -> [MessageFate] {
                let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 3, delay: .exponential(meanNanos: 100_000), seed: seed))
                return (0..<50).map { index in network.route(from: .client(index % 2), to: NodeID(index % 3), sentAtNanos: 0) }
            }
            #expect(arrivals(seed: 1) == arrivals(seed: 1))
            #expect(arrivals(seed: 1) != arrivals(seed: 2))
        }

        @Test func nodeIDsDescribeThemselves() throws {
            #expect(NodeID(2).description == "n2")
            #expect(NodeID.client.description == "client")
            #expect(NodeID.client(3).description == "client3")
            #expect(NodeID.client(0) == .client)
            #expect(NodeID.client(5).isClient && !NodeID(0).isClient)
        }
    }
}

/// Times calls over a network.
/// Counts calls between request arrival and reply, and the most seen at once.
final class InFlightGauge: Sendable {
    private let state = Locked((current: 0, maximum: 0))

    func enter() { state.withLock { $0.current += 1 } }
    func leave() { state.withLock { $0.current -= 1 } }
    /// Records the current count as a candidate maximum.
    func peak() { state.withLock { $0.maximum = max($0.maximum, $0.current) } }
    var maximum: Int { state.withLock { $0.maximum } }
}

enum NetworkTiming {
    /// Nanoseconds each of `count` sequential calls took; `link(i)` names call `i`'s endpoints.
    static func callNanos(
        _ network: SimulatedNetwork, count: Int, link: (Int) -> (NodeID, NodeID)
    ) async throws -> [UInt64] {
        var times: [UInt64] = []
        for index in 0..<count {
            let (from, to) = link(index)
            let start = MonotonicClock.nowNanos()
            try await network.call(from: from, to: to) {}
            times.append(MonotonicClock.nowNanos() - start)
        }
        return times
    }
}

/// A node written as an actor, the way replication and exercise code will use the network.
private actor CountingNode {
    let id: NodeID
    let network: SimulatedNetwork
    private(set) var applied = 0

    init(id: NodeID, network: SimulatedNetwork) {
        self.id = id
        self.network = network
    }

    func replicate(to peer: CountingNode) async throws -> Int {
        applied += 1
        // The body runs on the peer's side in the simulation: it calls into the peer actor.
        let peerApplied = try await network.call(from: id, to: peer.id, kind: "actor-replicate") { await peer.apply() }
        // Back on this actor: local state is still reachable from a call body.
        try await network.call(from: id, to: id) { applied += 1 }
        return peerApplied
    }

    func apply() -> Int {
        applied += 1
        return applied
    }
}

extension NetworkTests {
    @Suite struct NetworkActorTests {
        @Test func actorsCallThroughTheNetworkAndSelfCallsAreLocal() async throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2, delay: .constant(nanos: 20_000)))
            let leader = CountingNode(id: 0, network: network)
            let follower = CountingNode(id: 1, network: network)
            #expect(try await leader.replicate(to: follower) == 1)
            #expect(await leader.applied == 2)
            let counts = network.counters.snapshot()
            #expect(counts.messages == 2, "the self-call crossed no link")
            #expect(counts.calls == 1)
        }
    }
}
