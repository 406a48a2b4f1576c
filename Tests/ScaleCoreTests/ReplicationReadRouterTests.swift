import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Read routing decisions of `ReplicaReadRouter`.
@Suite struct ReplicationReadRouterTests {
    typealias F = ReplicationFixtures

    static func candidates(primaryAt: UInt64 = 10, r1: UInt64 = 10, r2: UInt64 = 4, loads: [Int] = [0, 0, 0], reachable: [Bool] = [true, true, true]) -> [ReadCandidate] {
        [
            ReadCandidate(id: F.r0, isPrimary: true, isReachable: reachable[0], matchedPosition: LogPosition(primaryAt), readsInFlight: loads[0]),
            ReadCandidate(id: F.r1, isPrimary: false, isReachable: reachable[1], matchedPosition: LogPosition(r1), readsInFlight: loads[1]),
            ReadCandidate(id: F.r2, isPrimary: false, isReachable: reachable[2], matchedPosition: LogPosition(r2), readsInFlight: loads[2]),
        ]
    }

    static func receipt(_ position: UInt64) -> WriteReceipt { WriteReceipt(position: LogPosition(position), epoch: Epoch(1)) }

    @Test func primaryOnlyAlwaysPicksThePrimary() {
        let policy: ReplicaReadPolicy = .primaryOnly
        var router = ReplicaReadRouter()
        for _ in 0..<5 { #expect(router.route(policy, session: nil, candidates: Self.candidates(), nowNanos: 0) == .serve(F.r0)) }
        #expect(router.route(policy, session: nil, candidates: Self.candidates(reachable: [false, true, true]), nowNanos: 0) == .unavailable)
    }

    @Test func roundRobinCyclesThroughReachableNodes() {
        let policy: ReplicaReadPolicy = .anyReplica(.roundRobin)
        var router = ReplicaReadRouter()
        let picks = (0..<6).map { _ in router.route(policy, session: nil, candidates: Self.candidates(), nowNanos: 0) }
        #expect(Set(picks) == [.serve(F.r0), .serve(F.r1), .serve(F.r2)])
        #expect(picks[0] != picks[1] && picks[1] != picks[2] && picks[0] == picks[3])
        let withoutR1 = (0..<4).map { _ in router.route(policy, session: nil, candidates: Self.candidates(reachable: [true, false, true]), nowNanos: 0) }
        #expect(!withoutR1.contains(.serve(F.r1)))
    }

    @Test func leastLoadedPicksTheIdlestNode() {
        let policy: ReplicaReadPolicy = .anyReplica(.leastLoaded)
        var router = ReplicaReadRouter()
        for _ in 0..<4 { #expect(router.route(policy, session: nil, candidates: Self.candidates(loads: [5, 3, 1]), nowNanos: 0) == .serve(F.r2)) }
    }

    @Test func readYourWritesPicksACaughtUpSecondary() {
        let policy: ReplicaReadPolicy = .readYourWrites(.roundRobin, maxWaitNanos: 1_000)
        var router = ReplicaReadRouter()
        for _ in 0..<4 { #expect(router.route(policy, session: Self.receipt(8), candidates: Self.candidates(r1: 10, r2: 4), nowNanos: 0) == .serve(F.r1)) }
        // Without a session token any secondary will do, never the primary.
        let picks = Set((0..<4).map { _ in router.route(policy, session: nil, candidates: Self.candidates(), nowNanos: 0) })
        #expect(picks == [.serve(F.r1), .serve(F.r2)])
    }

    @Test func readYourWritesWaitsForTheClosestSecondaryWithADeadline() {
        let policy: ReplicaReadPolicy = .readYourWrites(.roundRobin, maxWaitNanos: 1_000)
        var router = ReplicaReadRouter()
        let route = router.route(policy, session: Self.receipt(10), candidates: Self.candidates(r1: 6, r2: 9), nowNanos: 500)
        #expect(route == .waitThenServe(F.r2, position: LogPosition(10), deadlineNanos: 1_500, fallback: F.r0))
    }

    @Test func readYourWritesFallsBackToThePrimaryWithoutWaiting() {
        let policy: ReplicaReadPolicy = .readYourWrites(.leastLoaded, maxWaitNanos: 0)
        var router = ReplicaReadRouter()
        #expect(router.route(policy, session: Self.receipt(10), candidates: Self.candidates(r1: 6, r2: 9), nowNanos: 0) == .fallBack(to: F.r0))
        #expect(router.route(policy, session: Self.receipt(10), candidates: Self.candidates(r1: 6, r2: 9, reachable: [false, true, true]), nowNanos: 0) == .unavailable)
    }

    @Test func sessionTokensKeepTheLatestWrite() {
        var token = SessionToken()
        #expect(token.lastWrite == nil)
        token.record(WriteReceipt(position: LogPosition(5), epoch: Epoch(1)))
        token.record(WriteReceipt(position: LogPosition(3), epoch: Epoch(1)))
        #expect(token.lastWrite?.position == LogPosition(5))
        token.record(WriteReceipt(position: LogPosition(4), epoch: Epoch(2)))
        #expect(token.lastWrite == WriteReceipt(position: LogPosition(4), epoch: Epoch(2)))
    }
}
