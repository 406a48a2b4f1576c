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
    @Suite struct NetworkNemesisTests {
        static let nodes: [NodeID] = [0, 1, 2, 3, 4]
        static let ms: UInt64 = 1_000_000
        static let s: UInt64 = 1_000_000_000

        @Test func parsesTheCompactSyntaxIntoTimedEvents() throws {
            let schedule = try NemesisSchedule(
                parsing: "down:2@3s+2s,partition:0,1|2@1s+500ms,loss:0.1@2s+2s; partition:client,3>4@0s; slow:1:5ms@100ms+1s",
                nodes: Self.nodes
            )
            let symmetric = Partition.symmetric([[0, 1], [2]])
            let oneWay = Partition.oneWay(from: [.client, 3], to: [4])
            #expect(schedule.events == [
                NemesisEvent(atNanos: 0, .partition(oneWay)),
                NemesisEvent(atNanos: 100 * Self.ms, .slow([1], extraNanos: 5 * Self.ms)),
                NemesisEvent(atNanos: 1 * Self.s, .partition(symmetric)),
                NemesisEvent(atNanos: 1_100 * Self.ms, .slow([1], extraNanos: 0)),
                NemesisEvent(atNanos: 1_500 * Self.ms, .heal(symmetric)),
                NemesisEvent(atNanos: 2 * Self.s, .loss(probability: 0.1)),
                NemesisEvent(atNanos: 3 * Self.s, .down([2])),
                NemesisEvent(atNanos: 4 * Self.s, .loss(probability: 0)),
                NemesisEvent(atNanos: 5 * Self.s, .up([2])),
            ])
            #expect(try NemesisSchedule(parsing: schedule.description, nodes: Self.nodes) == schedule, "description parses back")
            #expect(try NemesisSchedule(parsing: "loss:25%@1s;heal@2s;reset@3s;up:1,2@4s", nodes: Self.nodes).events.map(\.action) == [
                .loss(probability: 0.25), .healAll, .reset, .up([1, 2]),
            ])
        }

        @Test(arguments: [
            ("down:7@1s", "node 7 does not exist"),
            ("explode:1@1s", "unknown action \"explode\""),
            ("down:1", "needs one \"@time\""),
            ("down:1@1s+2s+3s", "more than one \"+duration\""),
            ("heal@1s+2s", "cannot be undone"),
            ("loss:1.5@1s", "outside 0...1"),
            ("loss:lots@1s", "is not a probability"),
            ("partition:0,1@1s", "needs groups separated by \"|\""),
            ("partition:0>1>2@1s", "has two sides"),
            ("down:one@1s", "\"one\" is not a node"),
            ("down:1@soon", "is not a duration"),
            ("down@1s", "needs an argument"),
            ("slow:1@1s", "needs nodes and an extra delay"),
            ("random-down:1s:100ms@0s", "needs a window"),
            ("random-down:0s:100ms@0s+1s", "period must be above 0"),
            ("reset:1@1s", "takes no argument"),
        ])
        func rejectsBadSchedulesWithOneLineFix(text: String, problem: String) {
            #expect {
                try NemesisSchedule(parsing: "down:0@0s, " + text, nodes: Self.nodes)
            } throws: { error in
                guard let error = error as? NetworkConfigError else { return false }
                return error.code == .invalidSchedule && error.message.contains(problem) && !error.message.contains("\n")
                    && (error.message.contains("write") || error.message.contains("use") || error.message.contains("drop"))
            }
        }

        @Test func advanceAppliesDueEventsInOrderAndLogsThem() throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 5))
            let schedule = try NemesisSchedule(parsing: "partition:0,1|2@1s+500ms; down:3@2s+1s; loss:0.5@2500ms", nodes: Self.nodes)
            let nemesis = Nemesis(schedule: schedule, network: network)
            #expect(nemesis.advance(toOffsetNanos: 999 * Self.ms).isEmpty)
            #expect(network.faultState.isClean)
            #expect(nemesis.advance(toOffsetNanos: 1 * Self.s).map(\.action) == [.partition(.symmetric([[0, 1], [2]]))])
            #expect(network.faultState.verdict(from: 0, to: 2) == .dropped)
            nemesis.advance(toOffsetNanos: 2 * Self.s, appliedOffsetNanos: 2_000_100_000)
            #expect(network.faultState.partitions.isEmpty, "healed at 1.5 s")
            #expect(network.faultState.downNodes == [3])
            #expect(!nemesis.isFinished)
            nemesis.advance(toOffsetNanos: 10 * Self.s)
            #expect(nemesis.isFinished)
            #expect(network.faultState.downNodes.isEmpty && network.faultState.lossProbability == 0.5)
            let log = nemesis.log
            #expect(log.map(\.scheduledOffsetNanos) == [1 * Self.s, 1_500 * Self.ms, 2 * Self.s, 2_500 * Self.ms, 3 * Self.s])
            #expect(log[1].appliedOffsetNanos == 2_000_100_000 && log[2].appliedOffsetNanos == 2_000_100_000)
            #expect(nemesis.advance(toOffsetNanos: 20 * Self.s).isEmpty, "events apply once")
        }

        @Test func progressIsAPureStateMachine() {
            let schedule = NemesisSchedule([
                NemesisEvent(atNanos: 20, .healAll), NemesisEvent(atNanos: 10, .down([1])), NemesisEvent(atNanos: 10, .up([1])),
            ])
            var progress = NemesisProgress()
            #expect(Array(progress.due(atOffsetNanos: 9, in: schedule)).isEmpty)
            #expect(progress.due(atOffsetNanos: 15, in: schedule).map(\.action) == [.down([1]), .up([1])], "same-time events keep their order")
            #expect(progress.due(atOffsetNanos: 30, in: schedule).map(\.action) == [.healAll])
            #expect(progress.isFinished(in: schedule))
        }

        @Test func randomCrashesReplayFromTheSeedAndKeepAMajorityUp() {
            let make = { (seed: UInt64) in
                NemesisSchedule.randomCrashes(
                    nodes: Self.nodes, seed: seed, startNanos: 0, durationNanos: 20 * Self.s,
                    everyNanos: 500 * Self.ms, downNanos: 1_200 * Self.ms
                )
            }
            let schedule = make(3)
            #expect(schedule == make(3))
            #expect(schedule != make(4))
            var state = NetworkFaultState()
            var maxDown = 0
            var crashed: Set<NodeID> = []
            for event in schedule.events {
                state.apply(event.action)
                maxDown = max(maxDown, state.downNodes.count)
                if case .down(let nodes) = event.action { crashed.formUnion(nodes) }
            }
            #expect(maxDown == 2, "a minority of 5 nodes is at most 2")
            #expect(state.downNodes.isEmpty, "every node is up by the window's end")
            #expect(crashed.count >= 3, "crashes spread over the nodes")
            #expect(schedule.events.last!.offsetNanos <= 20 * Self.s)
        }

        @Test func randomPartitionsSplitMinorityFromMajorityAndHeal() throws {
            let schedule = try NemesisSchedule(parsing: "random-partition:1s:400ms@1s+5s", nodes: Self.nodes, seed: 9)
            #expect(schedule.events.count == 10)
            var state = NetworkFaultState()
            for event in schedule.events {
                if case .partition(let partition) = event.action {
                    #expect(partition.groups.map(\.count) == [2, 3])
                    #expect(Set(partition.groups.joined()) == Set(Self.nodes))
                }
                state.apply(event.action)
            }
            #expect(state.isClean)
            #expect(try NemesisSchedule(parsing: "random-partition:1s:400ms@1s+5s", nodes: Self.nodes, seed: 9) == schedule)
        }

        @Test func runAppliesEventsInRealTime() async throws {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 3))
            let schedule = try NemesisSchedule(parsing: "down:1@2ms+3ms; partition:0|2@4ms", nodes: [0, 1, 2])
            let nemesis = Nemesis(schedule: schedule, network: network)
            let start = MonotonicClock.nowNanos()
            await nemesis.run(startNanos: start)
            let log = nemesis.log
            #expect(log.map(\.action) == [.down([1]), .partition(.symmetric([[0], [2]])), .up([1])])
            for entry in log {
                #expect(entry.appliedOffsetNanos >= entry.scheduledOffsetNanos, "\(entry) applied early")
            }
            #expect(MonotonicClock.nowNanos() - start >= 5 * Self.ms)
            #expect(network.faultState.downNodes.isEmpty && network.faultState.partitions.count == 1)
        }

        @Test func runStopsWhenCancelled() async {
            let network = SimulatedNetwork(NetworkConfiguration(nodeCount: 2))
            let nemesis = Nemesis(schedule: NemesisSchedule([NemesisEvent(atNanos: 60 * Self.s, .down([1]))]), network: network)
            let task = Task { await nemesis.run() }
            task.cancel()
            await task.value
            #expect(nemesis.log.isEmpty && !nemesis.isFinished)
            #expect(network.faultState.isClean)
        }
    }
}
