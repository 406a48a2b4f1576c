import Testing
@testable import ScaleCore

@Suite struct PreciseSleeperTests {
    @Test func wakesNoEarlierThanDeadline() async {
        let sleeper = PreciseSleeper()
        let start = MonotonicClock.nowNanos()
        let delaysNanos: [UInt64] = [3_000_000, 1_000_000, 2_000_000, 500_000]
        let wakeups = await withTaskGroup(of: (UInt64, UInt64).self) { group in
            for delay in delaysNanos {
                group.addTask {
                    await sleeper.sleep(untilNanos: start + delay)
                    return (delay, MonotonicClock.nowNanos() - start)
                }
            }
            var all: [(UInt64, UInt64)] = []
            for await wake in group { all.append(wake) }
            return all
        }
        for (delay, elapsed) in wakeups {
            #expect(elapsed >= delay, "woke \(delay - elapsed) ns early")
        }
        #expect(wakeups.map(\.0).sorted() == delaysNanos.sorted())
    }

    @Test func pastDeadlineReturnsImmediately() async {
        let sleeper = PreciseSleeper()
        await sleeper.sleep(untilNanos: 0)
        await sleeper.sleep(nanos: 0)
    }
}
