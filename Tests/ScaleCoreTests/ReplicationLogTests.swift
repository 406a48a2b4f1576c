import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct ReplicationLogTests {
    typealias F = ReplicationFixtures

    @Test func appendsAndLooksUpByPosition() {
        var log = ReplicationLog()
        #expect(log.lastPosition == .zero && log.lastEpoch == .zero)
        for position in 1...5 { log.append(F.entry(UInt64(position), epoch: position <= 3 ? 1 : 2)) }
        #expect(log.lastPosition == LogPosition(5))
        #expect(log.lastEpoch == Epoch(2))
        #expect(log.epoch(at: LogPosition(3)) == Epoch(1))
        #expect(log.epoch(at: .zero) == .zero)
        #expect(log.epoch(at: LogPosition(6)) == nil)
        #expect(log.entries(from: LogPosition(4), limit: 10).map(\.position.rawValue) == [4, 5])
        #expect(log.entries(from: LogPosition(2), limit: 2).map(\.position.rawValue) == [2, 3])
    }

    @Test func trimDropsWhatEveryoneHoldsAndTheOverflowBeyondTheLimit() {
        var log = ReplicationLog()
        for position in 1...10 { log.append(F.entry(UInt64(position), epoch: 1)) }
        // Nothing held everywhere and within the limit: nothing goes.
        #expect(log.trim(heldEverywhereThrough: .zero, keepingAtMost: 10) == nil)
        // Held everywhere through 3 wins over an overflow of 2 beyond a limit of 8.
        #expect(log.trim(heldEverywhereThrough: LogPosition(3), keepingAtMost: 8) == LogPosition(3))
        #expect(log.baselinePosition == LogPosition(3) && log.retainedCount == 7)
        // The limit wins: keep the newest 4 of 7.
        #expect(log.trim(heldEverywhereThrough: LogPosition(2), keepingAtMost: 4) == LogPosition(6))
        #expect(log.retainedCount == 4 && log.lastPosition == LogPosition(10))
        // Already trimmed that far: nothing more.
        #expect(log.trim(heldEverywhereThrough: LogPosition(5), keepingAtMost: 4) == nil)
    }

    @Test func truncateReturnsTheRemovedSuffixOldestFirst() {
        var log = ReplicationLog()
        for position in 1...5 { log.append(F.entry(UInt64(position), epoch: 1)) }
        let removed = log.truncate(after: LogPosition(2))
        #expect(removed.map(\.position.rawValue) == [3, 4, 5])
        #expect(log.lastPosition == LogPosition(2))
        #expect(log.truncate(after: LogPosition(2)).isEmpty)
        log.append(F.entry(3, epoch: 2))
        #expect(log.epoch(at: LogPosition(3)) == Epoch(2))
    }

    @Test func discardKeepsTheBaselineForConsistencyChecks() {
        var log = ReplicationLog()
        for position in 1...4000 { log.append(F.entry(UInt64(position), epoch: position <= 2000 ? 1 : 3)) }
        log.discard(through: LogPosition(2500))
        #expect(log.baselinePosition == LogPosition(2500))
        #expect(log.baselineEpoch == Epoch(3))
        #expect(log.epoch(at: LogPosition(2500)) == Epoch(3))
        #expect(log.epoch(at: LogPosition(10)) == nil)
        #expect(log.retainedCount == 1500)
        #expect(log.entry(at: LogPosition(2501))?.position == LogPosition(2501))
        #expect(log.entries(from: LogPosition(1), limit: 2).map(\.position.rawValue) == [2501, 2502])
        log.discard(through: LogPosition(9999))
        #expect(log.retainedCount == 0 && log.lastPosition == LogPosition(4000) && log.lastEpoch == Epoch(3))
    }

    @Test func lastPositionWithEpochAtMostFindsTheEpochBoundary() {
        var log = ReplicationLog()
        for position in 1...10 { log.append(F.entry(UInt64(position), epoch: position <= 4 ? 1 : (position <= 7 ? 2 : 5))) }
        #expect(log.lastPosition(withEpochAtMost: Epoch(1)) == LogPosition(4))
        #expect(log.lastPosition(withEpochAtMost: Epoch(3)) == LogPosition(7))
        #expect(log.lastPosition(withEpochAtMost: Epoch(9)) == LogPosition(10))
        #expect(log.lastPosition(withEpochAtMost: .zero) == .zero)
    }
}
