import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct PreciseSleeperTests {
    @Test func wakesNoEarlierThanDeadline() async {
        let sleeper = PreciseSleeper()
        // Deadlines count from 20 ms ahead so children that start late still register in time.
        let start = MonotonicClock.nowNanos() + 20_000_000
        let delaysNanos: [UInt64] = [3_000_000, 1_000_000, 2_000_000, 500_000]
        let wakeups = await withTaskGroup(of: (delay: UInt64, began: UInt64, woke: UInt64).self) { group in
            for delay in delaysNanos {
                group.addTask {
                    let began = MonotonicClock.nowNanos()
                    await sleeper.sleep(untilNanos: start + delay)
                    return (delay, began, MonotonicClock.nowNanos())
                }
            }
            var all: [(delay: UInt64, began: UInt64, woke: UInt64)] = []
            for await wake in group { all.append(wake) }
            return all
        }
        for wake in wakeups {
            #expect(wake.woke >= start + wake.delay, "woke \(start + wake.delay - wake.woke) ns early")
        }
        // Order is only observable when every child registered before the first deadline and none
        // was held up afterwards (CPU-bound tests elsewhere can occupy the cooperative threads).
        let undisturbed = wakeups.allSatisfy { $0.began < start + 500_000 && $0.woke < start + $0.delay + 400_000 }
        if undisturbed {
            #expect(wakeups.sorted { $0.woke < $1.woke }.map(\.delay) == delaysNanos.sorted())
        }
    }

    @Test func manySleepersEachWakeAfterTheirOwnDeadlineAndAreCounted() async {
        let sleeper = PreciseSleeper()
        let taskCount = 200
        let early = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<taskCount {
                group.addTask {
                    // Deadlines out of order, so the heap (not arrival order) decides who wakes first.
                    let deadline = MonotonicClock.nowNanos() + 100_000 + UInt64((index * 7_919) % 200) * 10_000
                    await sleeper.sleep(untilNanos: deadline)
                    return MonotonicClock.nowNanos() < deadline
                }
            }
            var earlyCount = 0
            for await wasEarly in group where wasEarly { earlyCount += 1 }
            return earlyCount
        }
        #expect(early == 0)
        let counts = sleeper.counts
        #expect(counts.sleeps <= UInt64(taskCount) && counts.overdue <= counts.sleeps)
        #expect(counts.sleeps > 0, "sleeps of 100 µs and more go through the timer thread")
        #expect(sleeper.timerThreadCPUNanos != nil, "the timer thread reports its CPU clock once it runs")
        // Every timed sleep records where its wake-up went: the timer's lateness and the hop to the pool.
        #expect(sleeper.timerLatenessNanos.snapshot().reduce(0, +) == counts.sleeps)
        #expect(sleeper.poolHopNanos.snapshot().reduce(0, +) == counts.sleeps)
    }

    @Test func timerThreadReportsTheSchedulingItGot() async {
        let raised = PreciseSleeper(timerPriority: .raised)
        let normal = PreciseSleeper(timerPriority: .normal)
        #expect(raised.timerThreadScheduling == nil, "nothing to report before the thread starts")
        await raised.sleep(nanos: 200_000)
        await normal.sleep(nanos: 200_000)
        #expect(["real-time (SCHED_FIFO 1)", "nice -10", "normal"].contains(raised.timerThreadScheduling ?? ""))
        #expect(normal.timerThreadScheduling == "normal")
    }

    @Test func pastDeadlineReturnsImmediately() async {
        let sleeper = PreciseSleeper()
        await sleeper.sleep(untilNanos: 0)
        await sleeper.sleep(nanos: 0)
    }

    @Test func neverReturnsEarlyWhileItLearnsToWakeEarly() async {
        let sleeper = PreciseSleeper()
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<300 {
            let nanos = UInt64.random(in: 2_000...200_000, using: &generator)
            let start = MonotonicClock.nowNanos()
            await sleeper.sleep(untilNanos: start + nanos)
            let elapsed = MonotonicClock.nowNanos() - start
            #expect(elapsed >= nanos, "woke \(nanos - elapsed) ns early")
        }
    }
}
