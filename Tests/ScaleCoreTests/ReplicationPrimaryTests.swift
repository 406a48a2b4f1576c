import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Transitions of `ReplicaStateMachine` in the primary role.
@Suite struct ReplicationPrimaryTests {
    typealias F = ReplicationFixtures

    /// A primary whose secondaries have accepted its no-op, so it pipelines.
    static func matchedPrimary(_ mode: ReplicationMode, tune: (inout ReplicaStateMachine.Configuration) -> Void = { _ in }) -> ReplicaStateMachine {
        var configuration = F.configuration(mode)
        tune(&configuration)
        var machine = ReplicaStateMachine(id: F.r0, configuration: configuration)
        _ = machine.handle(.promote(epoch: Epoch(1), inSync: [F.r1, F.r2], leaseUntilNanos: F.farFutureNanos), nowNanos: 0)
        _ = machine.handle(.message(from: F.r1, F.accepted(1)), nowNanos: 1)
        _ = machine.handle(.message(from: F.r2, F.accepted(1)), nowNanos: 1)
        return machine
    }

    @Test func promotionAppendsANoOpAndProbesEverySecondary() {
        var machine = ReplicaStateMachine(id: F.r0, configuration: F.configuration(.synchronous))
        let actions = machine.handle(.promote(epoch: Epoch(1), inSync: [F.r1, F.r2], leaseUntilNanos: 100), nowNanos: 0)
        #expect(actions.first == .roleChanged(.primary, Epoch(1)))
        #expect(actions.appliedPositions == [LogPosition(1)])
        #expect(actions.appends.map(\.to) == [F.r1, F.r2])
        #expect(actions.appends.allSatisfy { $0.request.previousPosition == .zero && $0.request.entries.map(\.isNoOp) == [true] })
        #expect(machine.status.role == .primary && machine.status.primary == F.r0 && machine.status.inSyncReplicas == [F.r1, F.r2])
        // A promotion for an epoch it already has changes nothing.
        #expect(machine.handle(.promote(epoch: Epoch(1), inSync: [], leaseUntilNanos: 100), nowNanos: 1).isEmpty)
    }

    @Test func asynchronousAcknowledgesAtOnce() {
        var machine = F.primary(.asynchronous)
        let actions = machine.handle(F.write(7), nowNanos: 10)
        #expect(actions.appliedPositions == [LogPosition(2)])
        #expect(actions.contains(.acknowledge(requestID: 7, WriteReceipt(position: LogPosition(2), epoch: Epoch(1)))))
        #expect(machine.commitPosition == LogPosition(2))
    }

    @Test func synchronousWaitsForEveryInSyncSecondary() {
        var machine = Self.matchedPrimary(.synchronous)
        let written = machine.handle(F.write(1), nowNanos: 10)
        #expect(written.acknowledgedIDs.isEmpty)
        #expect(written.appends.map(\.to) == [F.r1, F.r2])
        #expect(written.appends.allSatisfy { $0.request.previousPosition == LogPosition(1) && $0.request.entries.map(\.position) == [LogPosition(2)] })
        #expect(machine.handle(.message(from: F.r1, F.accepted(2)), nowNanos: 11).acknowledgedIDs.isEmpty)
        #expect(machine.handle(.message(from: F.r2, F.accepted(2)), nowNanos: 12).acknowledgedIDs == [1])
        #expect(machine.commitPosition == LogPosition(2))
    }

    @Test func quorumOfTwoAcknowledgesAfterOneSecondary() {
        var machine = Self.matchedPrimary(.quorum(writeCount: 2))
        #expect(machine.handle(F.write(1), nowNanos: 10).acknowledgedIDs.isEmpty)
        #expect(machine.handle(.message(from: F.r2, F.accepted(2)), nowNanos: 11).acknowledgedIDs == [1])
        // A quorum of three needs both.
        var strict = Self.matchedPrimary(.quorum(writeCount: 3))
        _ = strict.handle(F.write(1), nowNanos: 10)
        #expect(strict.handle(.message(from: F.r2, F.accepted(2)), nowNanos: 11).acknowledgedIDs.isEmpty)
        #expect(strict.handle(.message(from: F.r1, F.accepted(2)), nowNanos: 12).acknowledgedIDs == [1])
    }

    @Test func acknowledgementsComeInLogOrder() {
        var machine = Self.matchedPrimary(.quorum(writeCount: 2))
        for id in 1...3 { _ = machine.handle(F.write(UInt64(id)), nowNanos: 10) }
        #expect(machine.pendingWriteCount == 3)
        #expect(machine.handle(.message(from: F.r1, F.accepted(3)), nowNanos: 11).acknowledgedIDs == [1, 2])
        #expect(machine.handle(.message(from: F.r2, F.accepted(4)), nowNanos: 12).acknowledgedIDs == [3])
    }

    @Test func refusesWritesWithAStaleEpochToken() {
        var machine = F.primary(.asynchronous)
        #expect(machine.handle(F.write(1, epoch: .zero), nowNanos: 10).rejections == [.staleEpoch])
        #expect(machine.handle(F.write(2, epoch: Epoch(1)), nowNanos: 10).acknowledgedIDs == [2])
    }

    @Test func refusesWritesOnceTheLeaseRanOutUntilRenewed() {
        var machine = ReplicaStateMachine(id: F.r0, configuration: F.configuration(.asynchronous))
        _ = machine.handle(.promote(epoch: Epoch(1), inSync: [F.r1, F.r2], leaseUntilNanos: 100), nowNanos: 0)
        #expect(machine.handle(F.write(1), nowNanos: 50).acknowledgedIDs == [1])
        #expect(machine.handle(F.write(2), nowNanos: 100).rejections == [.leaseExpired])
        _ = machine.handle(.renewLease(epoch: Epoch(7), untilNanos: 1_000), nowNanos: 150)
        #expect(machine.handle(F.write(3), nowNanos: 160).rejections == [.leaseExpired])
        _ = machine.handle(.renewLease(epoch: Epoch(1), untilNanos: 1_000), nowNanos: 170)
        #expect(machine.handle(F.write(4), nowNanos: 180).acknowledgedIDs == [4])
    }

    @Test func leaseIsIgnoredWhenNotEnforced() {
        var machine = ReplicaStateMachine(id: F.r0, configuration: .init(members: [F.r0], mode: .asynchronous, enforcesLease: false))
        _ = machine.handle(.promote(epoch: Epoch(1), inSync: [], leaseUntilNanos: 0), nowNanos: 0)
        #expect(machine.handle(F.write(1), nowNanos: 1_000_000).acknowledgedIDs == [1])
    }

    @Test func refusesWritesBeyondThePendingLimit() {
        var machine = Self.matchedPrimary(.synchronous) { $0.maxPendingWrites = 2 }
        _ = machine.handle(F.write(1), nowNanos: 10)
        _ = machine.handle(F.write(2), nowNanos: 10)
        #expect(machine.handle(F.write(3), nowNanos: 10).rejections == [.overloaded])
    }

    @Test func aNewerEpochInAResponseDeposesThePrimary() {
        var machine = Self.matchedPrimary(.synchronous)
        _ = machine.handle(F.write(1), nowNanos: 10)
        let response = ReplicationMessage.appendResponse(AppendResponse(epoch: Epoch(2), outcome: .staleEpoch))
        let actions = machine.handle(.message(from: F.r1, response), nowNanos: 11)
        #expect(actions.rejections == [.deposed])
        #expect(actions.contains(.roleChanged(.secondary, Epoch(2))))
        #expect(machine.status.role == .secondary && machine.epoch == Epoch(2) && machine.pendingWriteCount == 0)
        #expect(machine.handle(F.write(2), nowNanos: 12).rejections == [.notPrimary])
    }

    @Test func anAppendFromANewerPrimaryDemotesAndIsApplied() {
        var machine = Self.matchedPrimary(.asynchronous)
        _ = machine.handle(F.write(1), nowNanos: 10)
        let actions = machine.handle(.message(from: F.r1, F.append(epoch: 2, previous: 1, previousEpoch: 1, entries: [F.entry(2, epoch: 2)])), nowNanos: 11)
        #expect(actions.contains(.roleChanged(.secondary, Epoch(2))))
        #expect(actions.rolledBackPositions == [LogPosition(2)])
        #expect(actions.appliedPositions == [LogPosition(2)])
        #expect(actions.responses == [AppendResponse(epoch: Epoch(2), outcome: .accepted(matchPosition: LogPosition(2)))])
        #expect(machine.status.primary == F.r1)
    }

    @Test func pipelinesUpToTheWindowThenBatches() {
        var machine = Self.matchedPrimary(.asynchronous) { $0.maxMessagesInFlight = 2 }
        var sentToR1: [AppendRequest] = []
        for id in 1...5 {
            sentToR1 += machine.handle(F.write(UInt64(id)), nowNanos: 10).appends.filter { $0.to == F.r1 }.map(\.request)
        }
        #expect(sentToR1.map { $0.entries.map(\.position.rawValue) } == [[2], [3]])
        let next = machine.handle(.message(from: F.r1, F.accepted(2)), nowNanos: 11).appends
        #expect(next.map(\.request.entries.count) == [3])
        #expect(next.first?.request.previousPosition == LogPosition(3))
    }

    @Test func probesOneMessageAtATimeUntilTheFirstAccept() {
        var machine = F.primary(.asynchronous)
        #expect(machine.handle(F.write(1), nowNanos: 10).appends.isEmpty)
        let afterAccept = machine.handle(.message(from: F.r1, F.accepted(1)), nowNanos: 11).appends
        #expect(afterAccept.map(\.to) == [F.r1])
        #expect(afterAccept.first?.request.entries.map(\.position) == [LogPosition(2)])
    }

    @Test func resendsFromTheMatchAfterTheRetransmitTimeout() {
        var machine = Self.matchedPrimary(.asynchronous)
        _ = machine.handle(F.write(1), nowNanos: 10)
        let timeout = machine.configuration.retransmitTimeoutNanos
        #expect(machine.handle(.tick, nowNanos: 10 + timeout - 1).appends.filter { !$0.request.entries.isEmpty }.isEmpty)
        let resent = machine.handle(.tick, nowNanos: 10 + timeout).appends
        #expect(resent.map(\.to) == [F.r1, F.r2])
        #expect(resent.allSatisfy { $0.request.previousPosition == LogPosition(1) && $0.request.entries.map(\.position) == [LogPosition(2)] })
    }

    @Test func sendsHeartbeatsWhenIdle() {
        var machine = Self.matchedPrimary(.asynchronous)
        let interval = machine.configuration.heartbeatIntervalNanos
        #expect(machine.handle(.tick, nowNanos: 2).appends.isEmpty)
        let beats = machine.handle(.tick, nowNanos: 1 + interval).appends
        #expect(beats.map(\.to) == [F.r1, F.r2])
        #expect(beats.allSatisfy { $0.request.entries.isEmpty && $0.request.previousPosition == LogPosition(1) })
    }

    @Test func aTickStampedBeforeTheLastResponseSeesNoSilence() {
        // Two threads: a tick reads the clock, then a response is handled with a later time, then
        // the tick runs. The follower was heard after the tick's "now", not 584 years before it.
        var machine = Self.matchedPrimary(.synchronous)
        _ = machine.handle(F.write(1), nowNanos: 1_000)
        _ = machine.handle(.message(from: F.r1, F.accepted(2)), nowNanos: 2_000)
        _ = machine.handle(.message(from: F.r2, F.accepted(2)), nowNanos: 2_000)
        let tick = machine.handle(.tick, nowNanos: 1_500)
        #expect(!tick.contains { if case .requestInSyncSet = $0 { return true } else { return false } })
        #expect(machine.status.inSyncReplicas == [F.r1, F.r2])
    }

    @Test func aSilentSecondaryLeavesTheInSyncSetOnlyOnceTheCoordinatorConfirms() {
        var machine = Self.matchedPrimary(.synchronous)
        _ = machine.handle(F.write(1), nowNanos: 10)
        _ = machine.handle(.message(from: F.r1, F.accepted(2)), nowNanos: 11)
        let timeout = machine.configuration.inSyncTimeoutNanos
        // r1 keeps answering; r2 stays silent.
        _ = machine.handle(.message(from: F.r1, F.accepted(2)), nowNanos: timeout)
        let request = machine.handle(.tick, nowNanos: 1 + timeout)
        #expect(request.contains(.requestInSyncSet(epoch: Epoch(1), [F.r1])))
        #expect(request.acknowledgedIDs.isEmpty, "no shrink before confirmation")
        #expect(!machine.handle(.tick, nowNanos: 2 + timeout).contains(.requestInSyncSet(epoch: Epoch(1), [F.r1])), "not repeated at once")
        let retry = machine.handle(.tick, nowNanos: 1 + timeout + machine.configuration.retransmitTimeoutNanos)
        #expect(retry.contains(.requestInSyncSet(epoch: Epoch(1), [F.r1])), "repeated after the retransmit timeout")
        #expect(machine.handle(.inSyncSetConfirmed(epoch: .zero, members: [F.r1]), nowNanos: 3 + timeout).isEmpty, "a stale confirmation is ignored")
        let shrunk = machine.handle(.inSyncSetConfirmed(epoch: Epoch(1), members: [F.r1]), nowNanos: 3 + timeout)
        #expect(shrunk.contains(.inSyncSetChanged([F.r1])))
        #expect(shrunk.acknowledgedIDs == [1])
        // r2 answers again and, being caught up to the commit, rejoins at once.
        let rejoined = machine.handle(.message(from: F.r2, F.accepted(2)), nowNanos: 4 + timeout)
        #expect(rejoined.contains(.inSyncSetChanged([F.r1, F.r2])))
        _ = machine.handle(F.write(2), nowNanos: 5 + timeout)
        #expect(machine.handle(.message(from: F.r1, F.accepted(3)), nowNanos: 6 + timeout).acknowledgedIDs.isEmpty)
        #expect(machine.handle(.message(from: F.r2, F.accepted(3)), nowNanos: 7 + timeout).acknowledgedIDs == [2])
    }

    @Test func aPrimaryLeftAloneCommitsOnceTheCoordinatorConfirmsTheShrink() {
        var cluster = ReplicationTestCluster(count: 3, mode: .synchronous)
        cluster.start()
        cluster.down.insert(F.r1)
        cluster.down.insert(F.r2)
        let request = cluster.write(at: F.r0, key: "alone", value: "x")
        cluster.run(for: 300_000_000)
        // The coordinator still sees r0 (no failover without live secondaries) and confirms the shrink.
        #expect(cluster.acknowledged[request] != nil)
        #expect(cluster.node(0).status.inSyncReplicas.isEmpty)
    }

    @Test func aMismatchBacksUpToWhereTheEpochsCanAgree() {
        // r0 learned 1...3 in epoch 1 as a secondary, then became primary of epoch 3 (no-op at 4).
        var machine = ReplicaStateMachine(id: F.r0, configuration: F.configuration(.asynchronous))
        _ = machine.handle(.message(from: F.r2, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: (1...3).map { F.entry($0, epoch: 1) })), nowNanos: 0)
        let probes = machine.handle(.promote(epoch: Epoch(3), inSync: [F.r1, F.r2], leaseUntilNanos: F.farFutureNanos), nowNanos: 1).appends
        #expect(probes.first?.request.previousPosition == LogPosition(3))
        // r1 holds epoch 2 at position 3: it can only vouch for position 2 (epoch 1).
        let mismatch = ReplicationMessage.appendResponse(AppendResponse(epoch: Epoch(3), outcome: .mismatch(hintPosition: LogPosition(2), hintEpoch: Epoch(1))))
        let retry = machine.handle(.message(from: F.r1, mismatch), nowNanos: 2).appends
        #expect(retry.map(\.to) == [F.r1])
        #expect(retry.first?.request.previousPosition == LogPosition(2))
        #expect(retry.first?.request.entries.map(\.position.rawValue) == [3, 4])
        // A hint from a later epoch than the primary ever wrote is capped at the primary's epoch boundary.
        let laterEpoch = ReplicationMessage.appendResponse(AppendResponse(epoch: Epoch(3), outcome: .mismatch(hintPosition: LogPosition(9), hintEpoch: Epoch(2))))
        #expect(machine.handle(.message(from: F.r2, laterEpoch), nowNanos: 3).appends.first?.request.previousPosition == LogPosition(3))
    }

    @Test func reportsASecondaryThatNeedsDiscardedEntries() {
        var machine = Self.matchedPrimary(.asynchronous) { $0.maxRetainedEntries = 4 }
        for id in 1...10 {
            _ = machine.handle(F.write(UInt64(id)), nowNanos: 10)
            _ = machine.handle(.message(from: F.r1, F.accepted(UInt64(id) + 1)), nowNanos: 10)
        }
        #expect(machine.log.retainedCount <= 5)
        // r2 never answered; after the retransmit timeout it must restart below the retained window.
        let actions = machine.handle(.tick, nowNanos: 10 + machine.configuration.retransmitTimeoutNanos)
        #expect(actions.contains(.snapshotRequired(F.r2)))
        #expect(!machine.handle(.tick, nowNanos: 20 + 2 * machine.configuration.retransmitTimeoutNanos).contains(.snapshotRequired(F.r2)))
    }

    @Test func trimsEntriesEverySecondaryHolds() {
        var machine = Self.matchedPrimary(.asynchronous)
        for id in 1...3 { _ = machine.handle(F.write(UInt64(id)), nowNanos: 10) }
        _ = machine.handle(.message(from: F.r1, F.accepted(4)), nowNanos: 11)
        let actions = machine.handle(.message(from: F.r2, F.accepted(3)), nowNanos: 12)
        #expect(actions.contains(.discardLog(through: LogPosition(3))))
        #expect(machine.log.baselinePosition == LogPosition(3))
    }

    @Test func tellsSecondariesWhatEveryMemberHolds() {
        var machine = Self.matchedPrimary(.asynchronous)
        for id in 1...2 { _ = machine.handle(F.write(UInt64(id)), nowNanos: 10) }
        _ = machine.handle(.message(from: F.r1, F.accepted(3)), nowNanos: 11)
        _ = machine.handle(.message(from: F.r2, F.accepted(3)), nowNanos: 11)
        let next = machine.handle(F.write(3), nowNanos: 12).appends
        #expect(next.map(\.request.everywherePosition) == [LogPosition(3), LogPosition(3)])
    }

    @Test func configurationValidation() {
        #expect(throws: ReplicationError.self) { try F.configuration(.quorum(writeCount: 4)).validate() }
        #expect(throws: ReplicationError.self) { try ReplicaStateMachine.Configuration(members: [], mode: .asynchronous).validate() }
        #expect(throws: ReplicationError.self) { try ReplicaStateMachine.Configuration(members: [F.r0, F.r0], mode: .asynchronous).validate() }
        #expect(throws: ReplicationError.self) {
            try ReplicaStateMachine.Configuration(members: [F.r0], mode: .asynchronous, heartbeatIntervalNanos: 10, inSyncTimeoutNanos: 10).validate()
        }
        #expect(throws: Never.self) { try F.configuration(.quorum(writeCount: 3)).validate() }
    }
}
