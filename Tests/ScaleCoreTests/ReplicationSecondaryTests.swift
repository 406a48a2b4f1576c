import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Transitions of `ReplicaStateMachine` in the secondary role.
@Suite struct ReplicationSecondaryTests {
    typealias F = ReplicationFixtures

    static func secondary(maxRetained: Int = 1_000_000) -> ReplicaStateMachine {
        var configuration = F.configuration(.asynchronous)
        configuration.maxRetainedEntries = maxRetained
        return ReplicaStateMachine(id: F.r2, configuration: configuration)
    }

    @Test func appliesAnInOrderAppendAndAcknowledgesTheMatch() {
        var machine = Self.secondary()
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1), F.entry(2, epoch: 1)], commit: 1)), nowNanos: 5)
        #expect(actions.appliedPositions == [LogPosition(1), LogPosition(2)])
        #expect(actions.responses == [AppendResponse(epoch: Epoch(1), outcome: .accepted(matchPosition: LogPosition(2)))])
        let status = machine.status
        #expect(status.role == .secondary && status.primary == F.r0 && status.epoch == Epoch(1))
        #expect(status.matchedPosition == LogPosition(2) && status.commitPosition == LogPosition(1))
    }

    @Test func refusesAppendsFromAnOlderEpoch() {
        var machine = Self.secondary()
        _ = machine.handle(.follow(primary: F.r1, epoch: Epoch(2)), nowNanos: 0)
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1)])), nowNanos: 1)
        #expect(actions.appliedPositions.isEmpty)
        #expect(actions.responses == [AppendResponse(epoch: Epoch(2), outcome: .staleEpoch)])
        #expect(machine.log.lastPosition == .zero)
    }

    @Test func anAppendAheadOfAGapWaitsForTheGapToFill() {
        var machine = Self.secondary()
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1)])), nowNanos: 0)
        let ahead = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 2, previousEpoch: 1, entries: [F.entry(3, epoch: 1)])), nowNanos: 1)
        #expect(ahead.isEmpty, "held, not answered")
        let filled = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 1, previousEpoch: 1, entries: [F.entry(2, epoch: 1)])), nowNanos: 2)
        #expect(filled.appliedPositions == [LogPosition(2), LogPosition(3)])
        #expect(filled.responses.map(\.outcome) == [.accepted(matchPosition: LogPosition(2)), .accepted(matchPosition: LogPosition(3))])
    }

    @Test func aNewPrimarysFirstProbeAheadOfTheLogIsAnswered() {
        var machine = Self.secondary()
        let probe = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 4, previousEpoch: 1, entries: [F.entry(5, epoch: 1)])), nowNanos: 0)
        #expect(probe.responses == [AppendResponse(epoch: Epoch(1), outcome: .mismatch(hintPosition: .zero, hintEpoch: .zero))])
    }

    @Test func aGapBeyondTheReorderBufferAnswersWithItsLastPosition() {
        var configuration = F.configuration(.asynchronous)
        configuration.maxMessagesInFlight = 1
        var machine = ReplicaStateMachine(id: F.r2, configuration: configuration)
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1)])), nowNanos: 0)
        #expect(machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 2, previousEpoch: 1, entries: [F.entry(3, epoch: 1)])), nowNanos: 1).isEmpty)
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 3, previousEpoch: 1, entries: [F.entry(4, epoch: 1)])), nowNanos: 2)
        #expect(actions.appliedPositions.isEmpty)
        #expect(actions.responses == [AppendResponse(epoch: Epoch(1), outcome: .mismatch(hintPosition: LogPosition(1), hintEpoch: Epoch(1)))])
    }

    @Test func aNewEpochDropsHeldAppends() {
        var machine = Self.secondary()
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1)])), nowNanos: 0)
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 2, previousEpoch: 1, entries: [F.entry(3, epoch: 1)])), nowNanos: 0)
        _ = machine.handle(.follow(primary: F.r1, epoch: Epoch(2)), nowNanos: 1)
        let actions = machine.handle(.message(from: F.r1, F.append(epoch: 2, previous: 1, previousEpoch: 1, entries: [F.entry(2, epoch: 2)])), nowNanos: 2)
        #expect(actions.appliedPositions == [LogPosition(2)], "the epoch-1 append held earlier is gone")
        #expect(machine.log.lastPosition == LogPosition(2))
    }

    /// r2 got 1...2 from r0 (epoch 1) and 3...5 from r1 (epoch 2), but r1 was deposed before they
    /// reached anyone else; the epoch-3 primary has a different entry at 3.
    static func divergentSecondary() -> ReplicaStateMachine {
        var machine = secondary()
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1), F.entry(2, epoch: 1)])), nowNanos: 0)
        _ = machine.handle(.message(from: F.r1, F.append(epoch: 2, previous: 2, previousEpoch: 1, entries: (3...5).map { F.entry($0, epoch: 2) })), nowNanos: 1)
        return machine
    }

    @Test func aMismatchedPreviousEntryAnswersWithTheEntryBelow() {
        var machine = Self.divergentSecondary()
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 3, previous: 3, previousEpoch: 3, entries: [F.entry(4, epoch: 3)])), nowNanos: 2)
        #expect(actions.responses == [AppendResponse(epoch: Epoch(3), outcome: .mismatch(hintPosition: LogPosition(2), hintEpoch: Epoch(1)))])
        #expect(machine.log.lastPosition == LogPosition(5))
        #expect(machine.status.matchedPosition == .zero, "a new epoch forgets what the old primary vouched for")
    }

    @Test func rollsBackADivergentSuffixNewestFirstBeforeApplying() {
        var machine = Self.divergentSecondary()
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 3, previous: 2, previousEpoch: 1, entries: [F.entry(3, epoch: 3)])), nowNanos: 2)
        #expect(actions.rolledBackPositions == [LogPosition(5), LogPosition(4), LogPosition(3)])
        #expect(actions.appliedPositions == [LogPosition(3)])
        let rollBackIndex = actions.firstIndex { if case .rollBack = $0 { true } else { false } }
        let applyIndex = actions.firstIndex { if case .apply = $0 { true } else { false } }
        #expect(rollBackIndex! < applyIndex!)
        #expect(machine.log.lastPosition == LogPosition(3) && machine.log.lastEpoch == Epoch(3))
        #expect(actions.responses == [AppendResponse(epoch: Epoch(3), outcome: .accepted(matchPosition: LogPosition(3)))])
    }

    @Test func aHeartbeatBelowADivergentSuffixMatchesOnlyUpToItsPosition() {
        var machine = Self.divergentSecondary()
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 3, previous: 2, previousEpoch: 1, entries: [])), nowNanos: 2)
        #expect(actions.responses == [AppendResponse(epoch: Epoch(3), outcome: .accepted(matchPosition: LogPosition(2)))])
        #expect(machine.status.matchedPosition == LogPosition(2))
    }

    @Test func duplicateAndReorderedAppendsAreIdempotent() {
        var machine = Self.secondary()
        let first = F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1), F.entry(2, epoch: 1)])
        let second = F.append(epoch: 1, previous: 2, previousEpoch: 1, entries: [F.entry(3, epoch: 1)])
        _ = machine.handle(.message(from: F.r0, first), nowNanos: 0)
        _ = machine.handle(.message(from: F.r0, second), nowNanos: 1)
        let replay = machine.handle(.message(from: F.r0, first), nowNanos: 2)
        #expect(replay.appliedPositions.isEmpty && replay.rolledBackPositions.isEmpty)
        #expect(replay.responses == [AppendResponse(epoch: Epoch(1), outcome: .accepted(matchPosition: LogPosition(3)))])
    }

    @Test func commitFollowsThePrimaryButNeverPassesTheMatch() {
        var machine = Self.secondary()
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 1)], commit: 9)), nowNanos: 0)
        #expect(machine.commitPosition == LogPosition(1))
    }

    @Test func followAdoptsNewerEpochsOnly() {
        var machine = Self.secondary()
        _ = machine.handle(.message(from: F.r0, F.append(epoch: 2, previous: 0, previousEpoch: 0, entries: [F.entry(1, epoch: 2)])), nowNanos: 0)
        #expect(machine.handle(.follow(primary: F.r1, epoch: Epoch(1)), nowNanos: 1).isEmpty)
        #expect(machine.status.primary == F.r0 && machine.status.matchedPosition == LogPosition(1))
        _ = machine.handle(.follow(primary: F.r2, epoch: Epoch(5)), nowNanos: 2)
        #expect(machine.status.primary == F.r0, "following itself is ignored")
        _ = machine.handle(.follow(primary: F.r1, epoch: Epoch(3)), nowNanos: 3)
        #expect(machine.status.primary == F.r1 && machine.epoch == Epoch(3) && machine.status.matchedPosition == .zero)
    }

    @Test func followDemotesAPrimary() {
        var machine = F.primary(.synchronous)
        _ = machine.handle(F.write(1), nowNanos: 1)
        let actions = machine.handle(.follow(primary: F.r1, epoch: Epoch(2)), nowNanos: 2)
        #expect(actions.contains(.roleChanged(.secondary, Epoch(2))))
        #expect(actions.rejections == [.deposed])
        #expect(machine.role == .secondary)
    }

    @Test func refusesClientWrites() {
        var machine = Self.secondary()
        _ = machine.handle(.follow(primary: F.r1, epoch: Epoch(1)), nowNanos: 0)
        #expect(machine.handle(F.write(1), nowNanos: 1).rejections == [.notPrimary])
    }

    @Test func discardsWhatEveryMemberHoldsButNeverBeyondItsMatch() {
        var machine = Self.secondary()
        var request = AppendRequest(epoch: Epoch(1), previousPosition: .zero, previousEpoch: .zero, entries: (1...3).map { F.entry($0, epoch: 1) }, commitPosition: .zero, everywherePosition: LogPosition(2))
        #expect(machine.handle(.message(from: F.r0, .append(request)), nowNanos: 0).contains(.discardLog(through: LogPosition(2))))
        request = AppendRequest(epoch: Epoch(1), previousPosition: LogPosition(3), previousEpoch: Epoch(1), entries: [], commitPosition: .zero, everywherePosition: LogPosition(9))
        #expect(machine.handle(.message(from: F.r0, .append(request)), nowNanos: 1).contains(.discardLog(through: LogPosition(3))))
        #expect(machine.log.baselinePosition == LogPosition(3))
    }

    @Test func keepsABoundedLog() {
        var machine = Self.secondary(maxRetained: 3)
        let actions = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 0, previousEpoch: 0, entries: (1...10).map { F.entry($0, epoch: 1) })), nowNanos: 0)
        #expect(actions.contains(.discardLog(through: LogPosition(7))))
        #expect(machine.log.retainedCount == 3)
        // Below the retained window the previous entry counts as matching.
        let next = machine.handle(.message(from: F.r0, F.append(epoch: 1, previous: 5, previousEpoch: 1, entries: (6...11).map { F.entry($0, epoch: 1) })), nowNanos: 1)
        #expect(next.appliedPositions == [LogPosition(11)])
    }
}
