import Foundation
import Testing
@testable import ScaleStorage
@testable import ScaleSupport

/// A writer lock's waiters spin about two typical holds, and sleep at once when holds are long.
@Suite struct LockHoldTimerTests {
    @Test func spinBoundIsTwiceTheMeanHoldAndZeroWhenHoldsAreLong() {
        let timer = LockHoldTimer()
        #expect(timer.spinBoundNanos == 0)
        for _ in 0..<200 { timer.record(heldNanos: 10_000) }
        // The mean converges on 10 µs from below (integer eighths).
        #expect((9_900...10_000).contains(timer.meanHoldNanosNow))
        #expect(timer.spinBoundNanos == 2 * timer.meanHoldNanosNow)
        for _ in 0..<200 { timer.record(heldNanos: 40_000) }
        // Two holds of ~40 µs exceed the 50 µs cap: waiting them out on the core would not pay.
        #expect(timer.spinBoundNanos == 0)
        // One absurd hold (a stopped process) moves the mean by at most an eighth of a second.
        let mean = timer.meanHoldNanosNow
        timer.record(heldNanos: .max)
        #expect(timer.meanHoldNanosNow <= mean + 125_000_000)
    }

    /// Threads contending for a timed lock still exclude each other, and the timer learns the hold.
    @Test func timedLockExcludesAndLearnsTheHold() async {
        let lock = ThreadLock()
        let timer = LockHoldTimer()
        nonisolated(unsafe) var counter = 0
        nonisolated(unsafe) var inside = 0
        nonisolated(unsafe) var overlaps = 0
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<500 {
                        lock.withLock(timedBy: timer) {
                            inside += 1
                            if inside > 1 { overlaps += 1 }
                            counter += 1
                            // A few microseconds held, so waiters really spin and some sleep.
                            let until = MonotonicClock.nowNanos() + 3_000
                            while MonotonicClock.nowNanos() < until {}
                            inside -= 1
                        }
                    }
                }
            }
        }
        #expect(lock.withLock { counter } == 2_000)
        #expect(overlaps == 0)
        #expect(timer.meanHoldNanosNow >= 3_000)
    }

    /// A storage node's writes are timed: after some, its writer's waiters have a spin bound.
    @Test func storageWritesTeachTheWriterItsHold() throws {
        let node = try StorageNode(name: "timed", options: .memory)
        defer { node.close() }
        try node.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") }
        for id in 0..<50 { try node.write { try $0.run("INSERT INTO t(id, v) VALUES (?, 'x')", id) } }
        #expect(node.writer.holdTimer.meanHoldNanosNow > 0)
    }
}
