import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// Hybrid logical clocks and version vectors.
@Suite struct ReplicationClockTests {
    @Test func hlcIsMonotonicEvenWhenPhysicalTimeGoesBack() {
        var clock = HybridLogicalClock()
        var previous = HLCTimestamp.zero
        var generator = SeededGenerator(seed: 3)
        var physical: UInt64 = 1_000
        for _ in 0..<10_000 {
            // Physical readings jitter backwards and forwards.
            physical = physical &+ (generator.next() % 20) &- 8
            let stamp = clock.tick(physicalNanos: physical)
            #expect(stamp > previous)
            #expect(stamp.wallNanos >= physical || stamp.wallNanos == previous.wallNanos)
            previous = stamp
        }
    }

    @Test func hlcTracksPhysicalTimeWhenItAdvances() {
        var clock = HybridLogicalClock()
        #expect(clock.tick(physicalNanos: 100) == HLCTimestamp(wallNanos: 100, logical: 0))
        #expect(clock.tick(physicalNanos: 100) == HLCTimestamp(wallNanos: 100, logical: 1))
        #expect(clock.tick(physicalNanos: 90) == HLCTimestamp(wallNanos: 100, logical: 2))
        #expect(clock.tick(physicalNanos: 200) == HLCTimestamp(wallNanos: 200, logical: 0))
    }

    @Test func hlcReceiveExceedsBothClocks() {
        var clock = HybridLogicalClock()
        _ = clock.tick(physicalNanos: 100)
        // A remote clock running ahead: the receive event orders after it.
        let fromAhead = clock.receive(HLCTimestamp(wallNanos: 500, logical: 3), physicalNanos: 120)
        #expect(fromAhead == HLCTimestamp(wallNanos: 500, logical: 4))
        // Same wall time on both: the larger counter wins, plus one.
        let tie = clock.receive(HLCTimestamp(wallNanos: 500, logical: 9), physicalNanos: 130)
        #expect(tie == HLCTimestamp(wallNanos: 500, logical: 10))
        // Physical time overtakes both: counter resets.
        #expect(clock.receive(HLCTimestamp(wallNanos: 400, logical: 0), physicalNanos: 900) == HLCTimestamp(wallNanos: 900, logical: 0))
        // Our own clock ahead of remote and physical.
        #expect(clock.receive(HLCTimestamp(wallNanos: 10, logical: 0), physicalNanos: 20) == HLCTimestamp(wallNanos: 900, logical: 1))
    }

    @Test func hlcPreservesCausalityAcrossSkewedNodes() {
        // Node B's physical clock is 1 ms behind A's; a message chain A -> B -> C -> A must stay ordered.
        let skews: [Int64] = [0, -1_000_000, 500_000]
        var clocks = Array(repeating: HybridLogicalClock(), count: 3)
        var generator = SeededGenerator(seed: 11)
        var trueTime: UInt64 = 10_000_000
        var lastEvent = clocks[0].tick(physicalNanos: trueTime)
        var holder = 0
        for _ in 0..<5_000 {
            trueTime += generator.next() % 3_000
            let next = Int(generator.next() % 3)
            let physical = UInt64(Int64(trueTime) + skews[next])
            let received = clocks[next].receive(lastEvent, physicalNanos: physical)
            #expect(received > lastEvent, "a receive orders after its send (\(holder) -> \(next))")
            lastEvent = clocks[next].tick(physicalNanos: physical)
            #expect(lastEvent > received)
            // HLC stays within the maximum skew of physical time.
            #expect(lastEvent.wallNanos <= trueTime + 500_000)
            holder = next
        }
    }

    @Test func hlcLogicalCounterOverflowCarriesIntoWallTime() {
        var clock = HybridLogicalClock()
        let stamp = clock.receive(HLCTimestamp(wallNanos: 50, logical: .max), physicalNanos: 10)
        #expect(stamp == HLCTimestamp(wallNanos: 51, logical: 0))
    }

    @Test func versionVectorsCompare() {
        let a = VersionVector([ReplicaID(0): 2, ReplicaID(1): 1])
        let b = VersionVector([ReplicaID(0): 2, ReplicaID(1): 2])
        let c = VersionVector([ReplicaID(0): 3])
        #expect(a.compare(a) == .equal)
        #expect(a.compare(b) == .before)
        #expect(b.compare(a) == .after)
        #expect(b.compare(c) == .concurrent)
        #expect(VersionVector().compare(a) == .before)
        #expect(b.descends(from: a) && !a.descends(from: b))
        #expect(VersionVector([ReplicaID(0): 0]) == VersionVector())
    }

    @Test func versionVectorMergeIsThePointwiseMaximum() {
        let b = VersionVector([ReplicaID(0): 2, ReplicaID(1): 2])
        let c = VersionVector([ReplicaID(0): 3, ReplicaID(2): 1])
        let merged = b.merged(with: c)
        #expect(merged == VersionVector([ReplicaID(0): 3, ReplicaID(1): 2, ReplicaID(2): 1]))
        #expect(merged.descends(from: b) && merged.descends(from: c))
        var incremented = b
        incremented.increment(ReplicaID(2))
        #expect(incremented[ReplicaID(2)] == 1 && incremented.compare(b) == .after)
    }
}
