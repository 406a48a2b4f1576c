#if canImport(Glibc)
import Glibc
#endif
import CScaleShims
import HeapModule

/// Suspends tasks until a monotonic deadline with ~10 µs accuracy, without holding a thread per
/// sleeper and without spinning a core.
///
/// One dedicated timer thread (timer slack set to 1 ns, since Linux adds ~50 µs by default) keeps
/// a min-heap of deadlines and resumes each continuation when its deadline passes. Used for
/// simulated network delays and the load generator's open-loop schedule and `delay` targets.
///
/// Waking a sleeping thread and then a pool thread costs ~5–30 µs on a busy machine and 40 µs or
/// more on an idle one (deeper CPU idle states), so each sleep asks to be woken that much early — the running median of that lateness,
/// per sleep-length class — and spins the last microseconds in the task. A sleep never returns
/// before its deadline; when the pool is busy tasks resume late and nothing spins.
///
/// A sleep made on a `DedicatedThreadExecutor` thread (the load generator's clients) skips the
/// timer thread: the worker keeps the deadline and resumes the task itself, between its jobs, so
/// the task continues on the same thread with no hop through a queue. At 64 senders on 2 cores
/// that holds p50 within 2 % where the timer thread and the pool's queue added up to 30 %, with
/// less CPU per message (`micro network-delays` prints both).
public final class PreciseSleeper: @unchecked Sendable {
    // Guarded by `mutex`: `heap`, `sequence`, `threadStarted`. `condition` signals a new earliest
    // deadline (both from `MonotonicWaitPrimitives`).
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var heap = Heap<TimedContinuation>()
    private var sequence: UInt64 = 0
    private var threadStarted = false
    /// The timer thread's CPU clock, set by the thread when it starts (guarded by `mutex`).
    private var timerThreadClock: clockid_t?
    /// The scheduling the system granted the timer thread (guarded by `mutex`).
    private var grantedScheduling: String?

    /// The process-wide sleeper.
    public static let shared = PreciseSleeper()

    /// Deadlines this close are not worth a trip through the timer thread.
    public static let minimumSleepNanos: UInt64 = 1_000

    /// Longest early wake-up a sleep asks for; an idle 2-core machine measured a median wake-up
    /// lateness above 40 µs on 1 ms sleeps.
    public static let maximumEarlyWakeNanos: UInt64 = 100_000

    /// How the timer thread is scheduled. Measured side by side in `micro network-delays` (before
    /// worker timers): a raised timer thread sometimes cuts its own lateness under CPU load, but
    /// the tail of a sleep is the hop onto the cooperative pool, which it cannot shorten, and at 64
    /// senders it preempts the pool for every deadline (p50 worse), so `normal` is the default.
    public enum TimerPriority: Sendable {
        /// Above the process's other threads: the lowest real-time priority (SCHED_FIFO 1) where
        /// the system allows it, else nice -10, else normal. The thread only sleeps and resumes
        /// continuations, so it cannot starve a core.
        case raised
        /// The scheduling of any other thread.
        case normal
    }

    /// How the timer thread asked to be scheduled.
    public let timerPriority: TimerPriority

    /// Running median of how late tasks resume after their wake-up time, per sleep-length class.
    private let wakeLatencyNanosByClass: WakeLatencyTable
    private let statistics = AtomicSlotArray(count: 3)
    /// How late the timer thread resumed each sleeper after its wake-up time.
    package let timerLatenessNanos = LogLinearHistogram()
    /// From the timer thread's resume to the task running again on the pool.
    package let poolHopNanos = LogLinearHistogram()
    /// How long each timed sleep spun in its task after waking early (on whatever thread runs the task).
    package let spinNanos = LogLinearHistogram()

    /// Whether a sleep made on a `DedicatedThreadExecutor` thread (the load generator's workers)
    /// waits on that thread's own timers instead of the timer thread.
    public let keepsTimersOnWorkers: Bool

    /// A sleeper with its own timer thread (started on first use).
    /// `keepsTimersOnWorkers: false` sends every sleep through the timer thread (the behaviour
    /// `micro network-delays` compares against).
    public init(timerPriority: TimerPriority = .normal, keepsTimersOnWorkers: Bool = true) {
        self.timerPriority = timerPriority
        self.keepsTimersOnWorkers = keepsTimersOnWorkers
        wakeLatencyNanosByClass = WakeLatencyTable()
        (mutex, condition) = MonotonicWaitPrimitives.allocate()
    }

    deinit {
        // Only reached by a sleeper whose timer thread never started (the thread keeps it alive).
        MonotonicWaitPrimitives.deallocate(mutex, condition)
    }

    /// Suspends until `MonotonicClock.nowNanos()` reaches `deadlineNanos`, never returning earlier.
    /// Cancellation does not cut the sleep short: a simulated delay always elapses.
    public func sleep(untilNanos deadlineNanos: UInt64) async {
        let nowNanos = MonotonicClock.nowNanos()
        if deadlineNanos <= nowNanos &+ Self.minimumSleepNanos { return }
        if keepsTimersOnWorkers, let worker = DedicatedThreadExecutor.current {
            await sleepOnWorker(worker, untilNanos: deadlineNanos, sleepNanos: deadlineNanos - nowNanos)
            return
        }
        let latencyClass = WakeLatencyTable.latencyClass(sleepNanos: deadlineNanos - nowNanos)
        let earlyNanos = min(wakeLatencyNanosByClass.estimate(latencyClass), (deadlineNanos - nowNanos) / 2)
        let wakeNanos = deadlineNanos - earlyNanos
        if wakeNanos > nowNanos &+ Self.minimumSleepNanos {
            let resumeCalledNanos = await suspend(untilNanos: wakeNanos)
            let resumedNanos = MonotonicClock.nowNanos()
            wakeLatencyNanosByClass.observe(resumedNanos &- wakeNanos, latencyClass)
            record(wakeNanos: wakeNanos, resumeCalledNanos: resumeCalledNanos, resumedNanos: resumedNanos, deadlineNanos: deadlineNanos, sleepNanos: deadlineNanos &- nowNanos)
        }
        // Bounded by `earlyNanos` (at most `maximumEarlyWakeNanos`).
        while MonotonicClock.nowNanos() < deadlineNanos {}
    }

    /// A sleep on a worker thread: the worker resumes it when due, between its jobs, and the task
    /// continues on that same thread, so nothing wakes early and nothing spins in the task.
    private func sleepOnWorker(_ worker: DedicatedThreadExecutor, untilNanos deadlineNanos: UInt64, sleepNanos: UInt64) async {
        let resumeCalledNanos = await withCheckedContinuation { (continuation: CheckedContinuation<UInt64, Never>) in
            worker.addTimer(deadlineNanos: deadlineNanos, continuation)
        }
        let resumedNanos = MonotonicClock.nowNanos()
        record(wakeNanos: deadlineNanos, resumeCalledNanos: resumeCalledNanos, resumedNanos: resumedNanos, deadlineNanos: deadlineNanos, sleepNanos: sleepNanos)
        // The worker resumes no earlier than the deadline; this only guards the contract.
        while MonotonicClock.nowNanos() < deadlineNanos {}
    }

    /// Counts one timed sleep and where its wake-up went.
    private func record(wakeNanos: UInt64, resumeCalledNanos: UInt64, resumedNanos: UInt64, deadlineNanos: UInt64, sleepNanos: UInt64) {
        timerLatenessNanos.record(MonotonicClock.elapsedNanos(from: wakeNanos, to: resumeCalledNanos))
        poolHopNanos.record(MonotonicClock.elapsedNanos(from: resumeCalledNanos, to: resumedNanos))
        let spunNanos = MonotonicClock.elapsedNanos(from: resumedNanos, to: deadlineNanos)
        spinNanos.record(spunNanos)
        statistics.add(spunNanos, at: Self.spunNanosSlot)
        statistics.add(1, at: Self.sleepCountSlot)
        if resumedNanos > deadlineNanos &+ Self.overdueAllowanceNanos(sleepNanos: sleepNanos) {
            statistics.add(1, at: Self.overdueSleepCountSlot)
        }
    }

    /// Suspends for `nanos` nanoseconds from now.
    public func sleep(nanos: UInt64) async {
        await sleep(untilNanos: MonotonicClock.nowNanos() &+ nanos)
    }

    /// Sleeps that went through the timer thread, and those of them resumed overdue (later than
    /// their deadline plus `overdueAllowanceNanos`): how well the sleeper keeps up.
    public var counts: (sleeps: UInt64, overdue: UInt64) {
        (statistics.load(Self.sleepCountSlot), statistics.load(Self.overdueSleepCountSlot))
    }

    /// How late a resumption may be before it counts as overdue: 10 µs or 5 % of the sleep.
    public static func overdueAllowanceNanos(sleepNanos: UInt64) -> UInt64 {
        max(10_000, sleepNanos / 20)
    }

    /// Nanoseconds timed sleeps have spun in their tasks so far (CPU a pool or worker thread spent waiting).
    package var spunNanosTotal: UInt64 { statistics.load(Self.spunNanosSlot) }

    private static let sleepCountSlot = 0
    private static let overdueSleepCountSlot = 1
    private static let spunNanosSlot = 2
    /// Suspends until the timer thread resumes the task; returns the clock reading at that resumption.
    private func suspend(untilNanos deadlineNanos: UInt64) async -> UInt64 {
        guard startThreadIfNeeded() else {
            // The system refused the timer thread: the runtime's sleep (coarser, and cancellation
            // ends it early; the caller's spin then finishes the delay).
            let nowNanos = MonotonicClock.nowNanos()
            if deadlineNanos > nowNanos { try? await Task.sleep(nanoseconds: deadlineNanos - nowNanos) }
            return MonotonicClock.nowNanos()
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<UInt64, Never>) in
            enqueue(TimedContinuation(deadlineNanos: deadlineNanos, sequence: 0, continuation: continuation))
        }
    }

    /// Takes over a sleeper another thread was keeping (a stopping worker's): resumed at `deadlineNanos`.
    func adopt(deadlineNanos: UInt64, _ continuation: CheckedContinuation<UInt64, Never>) {
        guard startThreadIfNeeded() else {
            // Without a timer thread the task resumes now and its own final spin keeps the deadline.
            continuation.resume(returning: MonotonicClock.nowNanos())
            return
        }
        enqueue(TimedContinuation(deadlineNanos: deadlineNanos, sequence: 0, continuation: continuation))
    }

    /// Adds a sleeper to the heap and wakes the timer thread when it is the new earliest.
    private func enqueue(_ sleeper: TimedContinuation) {
        pthread_mutex_lock(mutex)
        sequence &+= 1
        var sleeper = sleeper
        sleeper.sequence = sequence
        let isEarliest = heap.min.map { sleeper.deadlineNanos < $0.deadlineNanos } ?? true
        heap.insert(sleeper)
        pthread_mutex_unlock(mutex)
        if isEarliest { pthread_cond_signal(condition) }
    }

    /// Starts the timer thread on first use; false when the system refuses a thread (tried again later).
    private func startThreadIfNeeded() -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if !threadStarted { threadStarted = startThread() }
        return threadStarted
    }

    private func startThread() -> Bool {
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let sleeper = Unmanaged<PreciseSleeper>.fromOpaque(argument!).takeRetainedValue()
            _ = scalebench_set_timer_slack_nanos(1)
            let granted = sleeper.timerPriority == .raised ? scalebench_raise_thread_priority() : 0
            sleeper.runTimerLoop(scheduling: granted == 2 ? "real-time (SCHED_FIFO 1)" : granted == 1 ? "nice -10" : "normal")
        }, unmanaged.toOpaque())
        guard status == 0 else {
            unmanaged.release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// CPU time the timer thread has used so far (nil before it started): at very high message
    /// rates the one thread that wakes every sleeper is the first thing to saturate.
    public var timerThreadCPUNanos: UInt64? {
        pthread_mutex_lock(mutex)
        let clock = timerThreadClock
        pthread_mutex_unlock(mutex)
        guard let clock else { return nil }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return nil }
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// How the system schedules the timer thread (nil before it started): `real-time (SCHED_FIFO 1)`,
    /// `nice -10` or `normal`.
    public var timerThreadScheduling: String? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return grantedScheduling
    }

    private func runTimerLoop(scheduling: String) -> Never {
        var due: [CheckedContinuation<UInt64, Never>] = []
        due.reserveCapacity(64)
        var clock = clockid_t()
        let hasClock = pthread_getcpuclockid(pthread_self(), &clock) == 0
        pthread_mutex_lock(mutex)
        if hasClock { timerThreadClock = clock }
        grantedScheduling = scheduling
        while true {
            guard let earliest = heap.min else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let now = MonotonicClock.nowNanos()
            if earliest.deadlineNanos > now {
                var deadline = timespec(
                    tv_sec: Int(earliest.deadlineNanos / 1_000_000_000),
                    tv_nsec: Int(earliest.deadlineNanos % 1_000_000_000)
                )
                pthread_cond_timedwait(condition, mutex, &deadline)
                continue
            }
            while let first = heap.min, first.deadlineNanos <= now {
                due.append(heap.removeMin().continuation)
            }
            // Resume outside the lock so woken tasks can enqueue new sleeps at once.
            pthread_mutex_unlock(mutex)
            for continuation in due { continuation.resume(returning: MonotonicClock.nowNanos()) }
            due.removeAll(keepingCapacity: true)
            pthread_mutex_lock(mutex)
        }
    }
}
