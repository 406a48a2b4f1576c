import Testing
@testable import ScaleSupport

/// Sleeps made on a `DedicatedThreadExecutor` thread wait on that worker's own timers.
@Suite struct PreciseSleeperWorkerTests {
    /// What one sleeping task saw: its deadline, when it woke, and where it ran before and after.
    struct Wake: Sendable {
        var deadlineNanos: UInt64
        var wokeNanos: UInt64
        var onWorkerBefore: Bool
        var onWorkerAfter: Bool
    }

    private static func sleepOn(
        _ worker: DedicatedThreadExecutor, _ sleeper: PreciseSleeper, delaysNanos: [UInt64], cancelling: Bool = false
    ) async -> [Wake] {
        // Deadlines count from 20 ms ahead so every task registers before the first one is due.
        let startNanos = MonotonicClock.nowNanos() + 20_000_000
        return await withTaskGroup(of: Wake.self) { group in
            for delay in delaysNanos {
                group.addTask(executorPreference: worker) {
                    let before = DedicatedThreadExecutor.current === worker
                    await sleeper.sleep(untilNanos: startNanos + delay)
                    return Wake(
                        deadlineNanos: startNanos + delay, wokeNanos: MonotonicClock.nowNanos(),
                        onWorkerBefore: before, onWorkerAfter: DedicatedThreadExecutor.current === worker
                    )
                }
            }
            if cancelling { group.cancelAll() }
            var wakes: [Wake] = []
            for await wake in group { wakes.append(wake) }
            return wakes
        }
    }

    @Test func sleepsOnAWorkerWakeOnThatWorkerNeverEarlyWithoutTheTimerThread() async throws {
        let worker = try DedicatedThreadExecutor()
        defer { worker.shutdown() }
        let sleeper = PreciseSleeper()
        // Out of order, so the worker's heap (not arrival order) decides who wakes first.
        let delaysNanos: [UInt64] = [3_000_000, 500_000, 2_000_000, 1_000_000, 1_000_000, 4_000]
        let wakes = await Self.sleepOn(worker, sleeper, delaysNanos: delaysNanos)
        #expect(wakes.count == delaysNanos.count)
        for wake in wakes {
            #expect(wake.wokeNanos >= wake.deadlineNanos, "woke \(wake.deadlineNanos - wake.wokeNanos) ns early")
            #expect(wake.onWorkerBefore && wake.onWorkerAfter, "the task runs on its worker before and after the sleep")
        }
        #expect(sleeper.counts.sleeps == UInt64(delaysNanos.count))
        #expect(sleeper.timerThreadCPUNanos == nil, "the worker kept the deadlines; the timer thread never started")
        #expect(sleeper.spinNanos.snapshot().reduce(0, +) == sleeper.counts.sleeps)
    }

    @Test func aSleeperToldNotToUseWorkerTimersGoesThroughItsTimerThread() async throws {
        let worker = try DedicatedThreadExecutor()
        defer { worker.shutdown() }
        let sleeper = PreciseSleeper(keepsTimersOnWorkers: false)
        let wakes = await Self.sleepOn(worker, sleeper, delaysNanos: [200_000, 1_000_000])
        #expect(wakes.allSatisfy { $0.wokeNanos >= $0.deadlineNanos })
        #expect(sleeper.timerThreadCPUNanos != nil, "every sleep went through the timer thread")
    }

    @Test func cancellingASleepingTaskOnAWorkerDoesNotCutItsSleepShort() async throws {
        let worker = try DedicatedThreadExecutor()
        defer { worker.shutdown() }
        let wakes = await Self.sleepOn(worker, PreciseSleeper(), delaysNanos: [1_000_000, 2_000_000], cancelling: true)
        #expect(wakes.count == 2)
        #expect(wakes.allSatisfy { $0.wokeNanos >= $0.deadlineNanos })
    }

    @Test func aStoppingWorkerHandsItsSleepersToTheTimerThread() async throws {
        let worker = try DedicatedThreadExecutor()
        let sleeper = PreciseSleeper()
        let deadlineNanos = MonotonicClock.nowNanos() + 30_000_000
        let wake = await withTaskGroup(of: Wake?.self) { group in
            // The worker runs jobs in order: the sleeper registers its deadline before the stop is asked.
            group.addTask(executorPreference: worker) {
                await sleeper.sleep(untilNanos: deadlineNanos)
                return Wake(
                    deadlineNanos: deadlineNanos, wokeNanos: MonotonicClock.nowNanos(),
                    onWorkerBefore: true, onWorkerAfter: DedicatedThreadExecutor.current === worker
                )
            }
            group.addTask(executorPreference: worker) {
                worker.shutdown()
                return nil
            }
            var wake: Wake?
            for await result in group where result != nil { wake = result }
            return wake
        }
        let woke = try #require(wake)
        #expect(woke.wokeNanos >= deadlineNanos, "woke \(deadlineNanos - woke.wokeNanos) ns early")
        #expect(!woke.onWorkerAfter, "the stopped worker's thread no longer runs the task")
        #expect(worker.handedOverTimerCount == 1, "the worker passed its sleeper on instead of outliving it")
    }
}
