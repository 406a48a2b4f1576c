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
    /// Pure fault-state tests: no threads, no time.
    @Suite struct NetworkFaultStateTests {
        @Test func verdictsFollowDownNodesAndPartitions() {
            var state = NetworkFaultState()
            #expect(state.isClean)
            #expect(state.verdict(from: 0, to: 1) == .open(extraDelayNanos: 0, lossProbability: 0))
            state.apply(.down([2]))
            #expect(state.verdict(from: 0, to: 2) == .destinationDown)
            #expect(state.verdict(from: 2, to: 0) == .dropped, "a crashed node sends nothing")
            state.apply(.partition(.symmetric([[0], [2]])))
            #expect(state.verdict(from: 0, to: 2) == .dropped, "a partition hides a down node")
            state.apply(.up([2]))
            state.apply(.healAll)
            #expect(state.isClean)
        }

        @Test func healRemovesOnlyThatPartitionAndPartitionsStack() {
            var state = NetworkFaultState()
            let a = Partition.symmetric([[0], [1]])
            let b = Partition.oneWay(from: [1], to: [2])
            state.apply(.partition(a))
            state.apply(.partition(b))
            state.apply(.partition(a))
            state.apply(.heal(a))
            #expect(state.verdict(from: 0, to: 1) == .dropped, "a second copy of the partition is still active")
            #expect(state.verdict(from: 1, to: 2) == .dropped)
            #expect(state.verdict(from: 2, to: 1) == .open(extraDelayNanos: 0, lossProbability: 0))
            state.apply(.heal(a))
            #expect(state.verdict(from: 0, to: 1) == .open(extraDelayNanos: 0, lossProbability: 0))
            #expect(state.partitions == [b])
        }

        @Test func clientsFoldIntoOneFaultIdentity() {
            var state = NetworkFaultState()
            state.apply(.partition(.symmetric([[.client], [1]])))
            #expect(state.verdict(from: .client(7), to: 1) == .dropped)
            #expect(state.verdict(from: 1, to: .client(3)) == .dropped)
            #expect(state.verdict(from: .client, to: 0) == .open(extraDelayNanos: 0, lossProbability: 0))
            state.apply(.down([.client]))
            #expect(state.downNodes.isEmpty, "clients cannot be taken down")
        }

        @Test func lossIsClampedAndSlowNodesAddUp() {
            var state = NetworkFaultState()
            state.apply(.loss(probability: 3))
            #expect(state.lossProbability == 1)
            state.apply(.loss(probability: .nan))
            #expect(state.lossProbability == 0)
            state.apply(.slow([1, 2], extraNanos: 1_000))
            #expect(state.verdict(from: 1, to: 2) == .open(extraDelayNanos: 2_000, lossProbability: 0))
            #expect(state.verdict(from: 0, to: 2) == .open(extraDelayNanos: 1_000, lossProbability: 0))
            state.apply(.slow([1, 2], extraNanos: 0))
            #expect(state.isClean)
            state.apply(.down([0]))
            state.apply(.loss(probability: 0.5))
            state.apply(.reset)
            #expect(state == NetworkFaultState())
        }
    }
}

extension NetworkTests {
    /// Faults seen through real calls (short deadlines keep the waits small).
    @Suite struct NetworkFaultCallTests {
        static let timeoutNanos: UInt64 = 3_000_000

        func network(nodes: Int = 3, delay: LatencyDistribution = .none, reply: DownNodeReply = .timeout) -> SimulatedNetwork {
            SimulatedNetwork(NetworkConfiguration(
                nodeCount: nodes, delay: delay, callTimeoutNanos: Self.timeoutNanos, downNodeReply: reply, seed: 1
            ))
        }

        /// Calls `from`→`to`; returns the network error, or nil on success, and whether the body ran.
        func attempt(_ network: SimulatedNetwork, _ from: NodeID, _ to: NodeID) async -> (error: NetworkError?, ran: Bool) {
            let ran = Locked(false)
            do {
                try await network.call(from: from, to: to, kind: "fault-call") { ran.withLock { $0 = true } }
                return (nil, ran.withLock { $0 })
            } catch {
                return (error as? NetworkError, ran.withLock { $0 })
            }
        }

        @Test func downNodeTimesOutAfterTheDeadlineAndUpRestores() async throws {
            let network = network()
            network.takeDown(2)
            let start = MonotonicClock.nowNanos()
            let (error, ran) = await attempt(network, .client, 2)
            let elapsed = MonotonicClock.nowNanos() - start
            let failure = try #require(error)
            #expect(failure.code == .timeout && failure.errorKindLabel == "timeout")
            #expect(!ran)
            #expect(elapsed >= Self.timeoutNanos && failure.waitedNanos >= Self.timeoutNanos)
            #expect(await attempt(network, .client, 1).error == nil, "other nodes still answer")
            network.bringUp(2)
            #expect(await attempt(network, .client, 2) == (nil, true))
            let counts = network.counters.snapshot()
            #expect(counts.callsTimedOut == 1 && counts.messagesDropped == 1)
        }

        @Test func downNodeCanRefuseFastInsteadOfTimingOut() async throws {
            let deadlineNanos: UInt64 = 100_000_000
            let network = SimulatedNetwork(NetworkConfiguration(
                nodeCount: 2, delay: .constant(nanos: 100_000), callTimeoutNanos: deadlineNanos, downNodeReply: .refuse
            ))
            network.takeDown(1)
            // The refusal is due one round trip after sending, not at the deadline: decided when sent.
            #expect(network.route(from: 0, to: 1, sentAtNanos: 0) == .refused(replyAtNanos: 200_000))
            let (error, ran) = await attempt(network, 0, 1)
            #expect(error?.code == .unreachable && error?.errorKindLabel == "unreachable")
            #expect(!ran)
            #expect((error?.waitedNanos ?? 0) >= 200_000, "refusal costs one round trip")
            #expect(network.counters.snapshot().callsRefused == 1)
        }

        @Test func symmetricPartitionCutsBothWaysUntilHealed() async {
            let network = network()
            let partition = Partition.symmetric([[0, 1], [2]])
            network.partition(partition)
            #expect(await attempt(network, 0, 2).error?.code == .timeout)
            #expect(await attempt(network, 2, 1).error?.code == .timeout)
            #expect(await attempt(network, 0, 1).error == nil)
            #expect(await attempt(network, .client, 2).error == nil, "unlisted clients are unaffected")
            network.heal(partition)
            #expect(await attempt(network, 0, 2) == (nil, true))
            #expect(network.faultState.isClean)
        }

        @Test func oneWayPartitionDropsOnlyOneDirection() async {
            let network = network()
            network.partition(.oneWay(from: [0], to: [2]))
            #expect(await network.send(from: 2, to: 0) {})
            #expect(!(await network.send(from: 0, to: 2) {}))
            let (requestLost, requestRan) = await attempt(network, 0, 2)
            #expect(requestLost?.code == .timeout && !requestRan)
            let (replyLost, replyRan) = await attempt(network, 2, 0)
            #expect(replyLost?.code == .timeout, "the reply 0→2 is dropped")
            #expect(replyRan, "the request 2→0 got through, so the body ran")
            network.healAll()
            #expect(await attempt(network, 0, 2) == (nil, true))
        }

        @Test func replyLostAfterTheBodyRanStillTimesOut() async throws {
            let network = network()
            let (error, ran) = await attempt(network, .client, 1)
            #expect(error == nil && ran)
            await #expect(throws: NetworkError.self) {
                try await network.call(from: .client, to: 1) {
                    network.partition(.isolating(1, from: [.client, 0, 2]))
                }
            }
            #expect(network.counters.snapshot().messagesDropped == 1)
        }

        @Test func partitionIncludingClientsCutsEveryClient() async {
            let network = network()
            network.partition(.symmetric([[.client], [2]]))
            #expect(await attempt(network, .client(5), 2).error?.code == .timeout)
            #expect(await attempt(network, .client, 1).error == nil)
        }

        @Test func lossDropsTheConfiguredFractionOfMessages() async {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2, callTimeoutNanos: 0, seed: 8))
            network.setLoss(probability: 0.2)
            var failures = 0
            let callCount = 3_000
            for index in 0..<callCount {
                if await attempt(network, .client, NodeID(index % 2)).error != nil { failures += 1 }
                if index % 256 == 0 { await Task.yield() }
            }
            let counts = network.counters.snapshot()
            let dropFraction = Double(counts.messagesDropped) / Double(counts.messages)
            #expect(abs(dropFraction - 0.2) < 0.025, "dropped \(dropFraction) of messages")
            // A call fails if its request or its reply is lost: 1 - 0.8².
            #expect(abs(Double(failures) / Double(callCount) - 0.36) < 0.03)
            network.setLoss(probability: 0)
            #expect(network.faultState.isClean)
        }

        @Test func slowNodeAddsExtraDelayToEachMessage() async throws {
            let network = network(delay: .constant(nanos: 100_000))
            network.apply(.slow([1], extraNanos: 2_000_000))
            // Both directions of a slow node's links carry the extra delay; other links do not.
            #expect(network.route(from: .client, to: 1, sentAtNanos: 0) == .arrives(atNanos: 2_100_000))
            #expect(network.route(from: 1, to: .client, sentAtNanos: 0) == .arrives(atNanos: 2_100_000))
            #expect(network.route(from: .client, to: 0, sentAtNanos: 0) == .arrives(atNanos: 100_000))
            let callNanos = try await NetworkTiming.callNanos(network, count: 5) { _ in (.client, 1) }
            #expect(callNanos.allSatisfy { $0 >= 2 * 2_100_000 })
        }

        @Test func errorsDescribeThemselvesOnOneLine() {
            let timeout = NetworkError(.timeout, from: .client, to: 2, kind: "get", waitedNanos: 50_000_000)
            #expect(timeout.description == "NetworkError.timeout: no reply from n2 to 'get' from client within 50ms (message lost, partition or node down)")
            let refused = NetworkError(.unreachable, from: 0, to: 1, kind: "get", waitedNanos: 200_000)
            #expect(refused.description.hasPrefix("NetworkError.unreachable: n1 refused 'get' from n0"))
        }
    }
}
