import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Transitions of `FailoverCoordinator`.
@Suite struct ReplicationCoordinatorTests {
    typealias F = ReplicationFixtures
    static let timeout: UInt64 = 150
    static let lease: UInt64 = 100

    static func coordinator() -> FailoverCoordinator {
        FailoverCoordinator(configuration: .init(members: [F.r0, F.r1, F.r2], initialPrimary: F.r0, failureTimeoutNanos: timeout, leaseNanos: lease))
    }

    static func status(_ id: ReplicaID, _ role: ReplicaStateMachine.Role, epoch: UInt64, primary: ReplicaID?, last: UInt64, lastEpoch: UInt64? = nil) -> ReplicaStateMachine.Status {
        ReplicaStateMachine.Status(
            id: id, role: role, epoch: Epoch(epoch), primary: primary, lastPosition: LogPosition(last),
            lastEpoch: Epoch(lastEpoch ?? epoch), matchedPosition: LogPosition(last), commitPosition: LogPosition(last),
            inSyncReplicas: role == .primary ? [F.r1, F.r2] : [], leaseUntilNanos: 0
        )
    }

    /// A coordinator past bootstrap with r0 primary of epoch 1 and all three reporting at t=10.
    static func running(r1Last: UInt64 = 5, r2Last: UInt64 = 7) -> FailoverCoordinator {
        var coordinator = coordinator()
        _ = coordinator.handle(.tick, nowNanos: 0)
        _ = coordinator.handle(.statusReport(status(F.r0, .primary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 10)
        _ = coordinator.handle(.statusReport(status(F.r1, .secondary, epoch: 1, primary: F.r0, last: r1Last)), nowNanos: 10)
        _ = coordinator.handle(.statusReport(status(F.r2, .secondary, epoch: 1, primary: F.r0, last: r2Last)), nowNanos: 10)
        return coordinator
    }

    @Test func aNodeHeardAfterTheCallersClockReadIsAlive() {
        // The caller read the clock at 5, then another thread recorded a report stamped 10.
        let coordinator = Self.running()
        #expect(coordinator.isAlive(F.r1, nowNanos: 5))
        #expect(!coordinator.isAlive(F.r1, nowNanos: 11 + coordinator.configuration.failureTimeoutNanos))
    }

    @Test func theFirstTickPromotesTheInitialPrimary() {
        var coordinator = Self.coordinator()
        let actions = coordinator.handle(.tick, nowNanos: 0)
        #expect(actions == [
            .promote(F.r0, epoch: Epoch(1), inSync: [F.r1, F.r2], leaseUntilNanos: Self.lease),
            .follow(F.r1, primary: F.r0, epoch: Epoch(1)),
            .follow(F.r2, primary: F.r0, epoch: Epoch(1)),
        ])
        #expect(coordinator.primary == F.r0 && coordinator.epoch == Epoch(1))
    }

    @Test func aPrimaryReportRenewsItsLease() {
        var coordinator = Self.running()
        let actions = coordinator.handle(.statusReport(Self.status(F.r0, .primary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 50)
        #expect(actions == [.renewLease(F.r0, epoch: Epoch(1), untilNanos: 50 + Self.lease)])
        #expect(coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 50).isEmpty)
    }

    @Test func noFailoverWhileThePrimaryAnswers() {
        var coordinator = Self.running()
        #expect(coordinator.handle(.tick, nowNanos: 10 + Self.timeout).isEmpty)
    }

    @Test func promotesTheMostUpToDateLiveSecondaryInANewEpoch() {
        var coordinator = Self.running(r1Last: 5, r2Last: 7)
        // r1 and r2 keep answering; r0 went silent at t=10.
        _ = coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 5)), nowNanos: 100)
        _ = coordinator.handle(.statusReport(Self.status(F.r2, .secondary, epoch: 1, primary: F.r0, last: 7)), nowNanos: 100)
        let now = 11 + Self.timeout
        let actions = coordinator.handle(.tick, nowNanos: now)
        #expect(actions.first == .promote(F.r2, epoch: Epoch(2), inSync: [F.r1], leaseUntilNanos: now + Self.lease))
        #expect(actions.contains(.follow(F.r1, primary: F.r2, epoch: Epoch(2))))
        #expect(!actions.contains { if case .follow(F.r0, _, _) = $0 { true } else { false } })
        let record = FailoverRecord(oldPrimary: F.r0, newPrimary: F.r2, epoch: Epoch(2), atNanos: now, newPrimaryReportedPosition: LogPosition(7), oldPrimaryReportedPosition: LogPosition(9), wasClean: true)
        #expect(actions.last == .failedOver(record))
        #expect(coordinator.failovers == [record])
        #expect(coordinator.handle(.tick, nowNanos: now + 1).isEmpty, "one failover per outage")
    }

    @Test func aLaterLastEpochBeatsALongerLog() {
        var coordinator = Self.running()
        _ = coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 4, lastEpoch: 1)), nowNanos: 100)
        _ = coordinator.handle(.statusReport(Self.status(F.r2, .secondary, epoch: 1, primary: F.r0, last: 9, lastEpoch: 0)), nowNanos: 100)
        let actions = coordinator.handle(.tick, nowNanos: 11 + Self.timeout)
        #expect(actions.first.map { if case .promote(F.r1, _, _, _) = $0 { true } else { false } } == true)
    }

    @Test func noPromotionWithoutALiveSecondary() {
        var coordinator = Self.running()
        #expect(coordinator.handle(.tick, nowNanos: 11 + Self.timeout).isEmpty)
        #expect(coordinator.primary == F.r0 && coordinator.epoch == Epoch(1))
    }

    @Test func aReturningOldPrimaryIsToldToFollow() {
        var coordinator = Self.running()
        _ = coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 100)
        _ = coordinator.handle(.tick, nowNanos: 11 + Self.timeout)
        let actions = coordinator.handle(.statusReport(Self.status(F.r0, .primary, epoch: 1, primary: F.r0, last: 12)), nowNanos: 400)
        #expect(actions == [.follow(F.r0, primary: F.r1, epoch: Epoch(2))])
    }

    @Test func aLostPromotionIsRepeated() {
        var coordinator = Self.running()
        _ = coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 100)
        _ = coordinator.handle(.tick, nowNanos: 11 + Self.timeout)
        let actions = coordinator.handle(.statusReport(Self.status(F.r1, .secondary, epoch: 1, primary: F.r0, last: 9)), nowNanos: 200)
        // r2 went silent too (last heard at t=10), so r1 is promoted with no in-sync secondary.
        #expect(actions == [.promote(F.r1, epoch: Epoch(2), inSync: [], leaseUntilNanos: 200 + Self.lease)])
    }

    @Test func aRepeatedBootstrapPromotionKeepsEverySecondaryInSync() {
        var coordinator = Self.coordinator()
        _ = coordinator.handle(.tick, nowNanos: 0)
        // r0 reports before the promotion reached it; r1 and r2 have not been heard from yet.
        let actions = coordinator.handle(.statusReport(Self.status(F.r0, .secondary, epoch: 0, primary: nil, last: 0)), nowNanos: 1)
        #expect(actions == [.promote(F.r0, epoch: Epoch(1), inSync: [F.r1, F.r2], leaseUntilNanos: 1 + Self.lease)])
    }

    @Test func reportsFromStrangersAreIgnored() {
        var coordinator = Self.running()
        #expect(coordinator.handle(.statusReport(Self.status(ReplicaID(9), .primary, epoch: 5, primary: nil, last: 1)), nowNanos: 20).isEmpty)
    }

    @Test func leaseMustBeShorterThanFailureDetection() {
        #expect(throws: ReplicationError.self) {
            try FailoverCoordinator.Configuration(members: [F.r0], initialPrimary: F.r0, failureTimeoutNanos: 100, leaseNanos: 100).validate()
        }
        #expect(throws: ReplicationError.self) {
            try FailoverCoordinator.Configuration(members: [F.r0], initialPrimary: F.r1).validate()
        }
        #expect(throws: Never.self) { try FailoverCoordinator.Configuration(members: [F.r0], initialPrimary: F.r0).validate() }
    }
}
