import CScaleShims
import HeapModule

/// The deadlines of sleeps made on a worker thread, kept and resumed by that thread.
extension DedicatedThreadExecutor {
    /// The worker whose thread is calling, or nil on any other thread.
    package static var current: DedicatedThreadExecutor? {
        scalebench_current_worker().map { Unmanaged<DedicatedThreadExecutor>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Keeps `continuation` until `deadlineNanos`, then resumes it on this thread (never earlier).
    /// Only to be called on this worker's own thread (`current === self`): the heap has no lock.
    func addTimer(deadlineNanos: UInt64, _ continuation: CheckedContinuation<UInt64, Never>) {
        precondition(Self.current === self, "a worker's timers are only touched by its own thread")
        timerSequence &+= 1
        timers.insert(TimedContinuation(deadlineNanos: deadlineNanos, sequence: timerSequence, continuation: continuation))
    }

    /// Resumes every sleeper whose deadline is at or before `nowNanos` (their tasks are enqueued, not run).
    func resumeDueTimers(nowNanos: UInt64) {
        while let first = timers.min, first.deadlineNanos <= nowNanos {
            timers.removeMin().continuation.resume(returning: MonotonicClock.nowNanos())
        }
    }

    /// Busy-waits until `deadlineNanos` or until a job arrives, whichever is first; the caller only
    /// spins the last stretch its timed wait would overshoot.
    func spin(untilNanos deadlineNanos: UInt64) {
        let startNanos = MonotonicClock.nowNanos()
        var nowNanos = startNanos
        while hasPending.load(0) == 0, nowNanos < deadlineNanos { nowNanos = MonotonicClock.nowNanos() }
        timerStatistics.add(nowNanos &- startNanos, at: Self.spunNanosSlot)
    }

    /// Nanoseconds the thread has spun toward deadlines so far (CPU spent waiting, not working).
    package var spunNanosTotal: UInt64 { timerStatistics.load(Self.spunNanosSlot) }

    /// Sleepers the thread handed to the timer thread when it stopped.
    package var handedOverTimerCount: UInt64 { timerStatistics.load(Self.handedOverSlot) }

    private static let spunNanosSlot = 0
    private static let handedOverSlot = 1

    /// Hands the sleepers still waiting to `sleeper`'s timer thread, so a stopping worker need not
    /// outlive its longest sleep.
    func handOverTimers(to sleeper: PreciseSleeper) {
        while !timers.isEmpty {
            let timer = timers.removeMin()
            timerStatistics.add(1, at: Self.handedOverSlot)
            sleeper.adopt(deadlineNanos: timer.deadlineNanos, timer.continuation)
        }
    }
}
