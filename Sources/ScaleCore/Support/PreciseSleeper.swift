#if canImport(Glibc)
import Glibc
#endif
import CScaleShims

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
public final class PreciseSleeper: @unchecked Sendable {
    // Guarded by `mutex`: `heap`, `sequence`, `threadStarted`. `condition` signals a new earliest deadline.
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var heap: [Sleeper] = []
    private var sequence: UInt64 = 0
    private var threadStarted = false

    private struct Sleeper {
        var deadlineNanos: UInt64
        var sequence: UInt64
        var continuation: CheckedContinuation<Void, Never>

        func precedes(_ other: Sleeper) -> Bool {
            (deadlineNanos, sequence) < (other.deadlineNanos, other.sequence)
        }
    }

    /// The process-wide sleeper.
    public static let shared = PreciseSleeper()

    /// Deadlines this close are not worth a trip through the timer thread.
    public static let minimumSleepNanos: UInt64 = 1_000

    /// Longest early wake-up (and so the longest spin) a sleep asks for; an idle 2-core machine
    /// measured a median wake-up lateness above 40 µs on 1 ms sleeps.
    public static let maximumEarlyWakeNanos: UInt64 = 100_000

    /// Running median of how late tasks resume after their wake-up time, per sleep-length class.
    private let wakeLatencyNanosByClass: WakeLatencyTable

    public init() {
        wakeLatencyNanosByClass = WakeLatencyTable()
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    /// Suspends until `MonotonicClock.nowNanos()` reaches `deadlineNanos`, never returning earlier.
    /// Cancellation does not cut the sleep short: a simulated delay always elapses.
    public func sleep(untilNanos deadlineNanos: UInt64) async {
        let nowNanos = MonotonicClock.nowNanos()
        if deadlineNanos <= nowNanos &+ Self.minimumSleepNanos { return }
        let latencyClass = WakeLatencyTable.latencyClass(sleepNanos: deadlineNanos - nowNanos)
        let earlyNanos = min(wakeLatencyNanosByClass.estimate(latencyClass), (deadlineNanos - nowNanos) / 2)
        let wakeNanos = deadlineNanos - earlyNanos
        if wakeNanos > nowNanos &+ Self.minimumSleepNanos {
            await suspend(untilNanos: wakeNanos)
            wakeLatencyNanosByClass.observe(MonotonicClock.nowNanos() &- wakeNanos, latencyClass)
        }
        // Bounded by `earlyNanos` (at most `maximumEarlyWakeNanos`).
        while MonotonicClock.nowNanos() < deadlineNanos {}
    }

    private func suspend(untilNanos deadlineNanos: UInt64) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            pthread_mutex_lock(&mutex)
            if !threadStarted {
                threadStarted = true
                startThread()
            }
            sequence &+= 1
            push(Sleeper(deadlineNanos: deadlineNanos, sequence: sequence, continuation: continuation))
            let isEarliest = heap[0].sequence == sequence
            pthread_mutex_unlock(&mutex)
            if isEarliest { pthread_cond_signal(&condition) }
        }
    }

    /// Suspends for `nanos` nanoseconds from now.
    public func sleep(nanos: UInt64) async {
        await sleep(untilNanos: MonotonicClock.nowNanos() &+ nanos)
    }

    private func startThread() {
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let sleeper = Unmanaged<PreciseSleeper>.fromOpaque(argument!).takeRetainedValue()
            _ = scalebench_set_timer_slack_nanos(1)
            sleeper.runTimerLoop()
        }, unmanaged.toOpaque())
        precondition(status == 0, "PreciseSleeper could not start its timer thread (pthread_create: \(status))")
        pthread_detach(thread)
    }

    private func runTimerLoop() -> Never {
        var due: [CheckedContinuation<Void, Never>] = []
        due.reserveCapacity(64)
        pthread_mutex_lock(&mutex)
        while true {
            guard let earliest = heap.first else {
                pthread_cond_wait(&condition, &mutex)
                continue
            }
            let now = MonotonicClock.nowNanos()
            if earliest.deadlineNanos > now {
                var deadline = timespec(
                    tv_sec: Int(earliest.deadlineNanos / 1_000_000_000),
                    tv_nsec: Int(earliest.deadlineNanos % 1_000_000_000)
                )
                pthread_cond_timedwait(&condition, &mutex, &deadline)
                continue
            }
            while let first = heap.first, first.deadlineNanos <= now {
                due.append(popFirst().continuation)
            }
            // Resume outside the lock so woken tasks can enqueue new sleeps at once.
            pthread_mutex_unlock(&mutex)
            for continuation in due { continuation.resume() }
            due.removeAll(keepingCapacity: true)
            pthread_mutex_lock(&mutex)
        }
    }

    // MARK: binary min-heap, caller holds `mutex`

    private func push(_ sleeper: Sleeper) {
        heap.append(sleeper)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popFirst() -> Sleeper {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}

/// Running medians of wake-up lateness, one per sleep-length class (lock-free, relaxed atomics).
private final class WakeLatencyTable: Sendable {
    private static let classCount = 8
    /// Each observation moves the estimate toward it by this much, or by an eighth of the estimate
    /// if that is more: a running median that still reaches tens of µs within a few dozen sleeps
    /// (an idle machine wakes late, and a 1 ms link sees few messages).
    private static let stepNanos: UInt64 = 200
    private let estimates = AtomicSlotArray(count: classCount)

    /// Class of a sleep: 0 below 32 µs, then one class per factor of 4, the last from 2 ms up.
    static func latencyClass(sleepNanos: UInt64) -> Int {
        min(classCount - 1, (64 - (sleepNanos >> 14).leadingZeroBitCount) / 2)
    }

    func estimate(_ latencyClass: Int) -> UInt64 {
        estimates.load(latencyClass)
    }

    func observe(_ latencyNanos: UInt64, _ latencyClass: Int) {
        let current = estimates.load(latencyClass)
        // Racing updates may lose a step; the estimate only needs to hover near the median.
        let step = max(Self.stepNanos, current / 8)
        let next = latencyNanos > current
            ? min(current &+ step, PreciseSleeper.maximumEarlyWakeNanos)
            : current &- min(current, step)
        estimates.store(next, at: latencyClass)
    }
}
