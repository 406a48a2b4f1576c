#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CScaleShims
import HeapModule

/// One dedicated thread that runs the jobs of the tasks preferring it (SE-0417 task executor):
/// work that must not queue behind the cooperative pool's. The load generator runs its clients on
/// these (so `--threads` is real parallelism), and replica sets their failover control plane.
///
/// The thread drains the whole queue per lock acquisition and only signals the condition when the
/// thread is parked, so a busy worker costs one lock round-trip per batch of jobs.
///
/// It also keeps the deadlines of `PreciseSleeper` sleeps made on it (see `+Timers`): it resumes
/// each itself when due, between jobs, so a sleeping client wakes without a timer thread or a
/// hop through another thread's queue.
package final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    // `mutex` guards `pending`, `isParked`, `isStopping` and `allocatedCounter`; `condition` wakes
    // the parked thread. `timers` and `timerSequence` are only touched by the executor's own thread.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var pending: [UnownedJob] = []
    private var isParked = false
    private var isStopping = false
    /// 1 while `pending` has jobs (set and cleared under `mutex`): read without the lock by the
    /// thread while it spins toward a deadline, so a new job cuts the spin short.
    let hasPending = AtomicSlotArray(count: 1)
    /// Written only by the thread: `spunNanosTotal` and `handedOverTimerCount`.
    let timerStatistics = AtomicSlotArray(count: 2)
    var timers = Heap<TimedContinuation>()
    var timerSequence: UInt64 = 0
    /// How late the thread's timed waits end, per wait-length class: it parks that much early and spins the rest.
    let parkLatenessNanos = WakeLatencyTable()
    /// The thread's allocation total, set by the thread itself when it starts.
    private var allocatedCounter: UnsafePointer<UInt64>?
    /// Called on the new thread to find its allocation counter (e.g. jemalloc's `thread.allocatedp`).
    private let threadAllocatedCounter: (@Sendable () -> UnsafePointer<UInt64>?)?

    /// Starts the thread (with `stackBytes` of stack, or the system default when nil); throws
    /// `ThreadStartError` when the system refuses a thread.
    package init(stackBytes: Int? = nil, threadAllocatedCounter: (@Sendable () -> UnsafePointer<UInt64>?)? = nil) throws(ThreadStartError) {
        self.threadAllocatedCounter = threadAllocatedCounter
        (mutex, condition) = MonotonicWaitPrimitives.allocate()
        pending.reserveCapacity(64)
        try startThread(stackBytes: stackBytes)
    }

    deinit {
        MonotonicWaitPrimitives.deallocate(mutex, condition)
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let unownedJob = UnownedJob(job)
        pthread_mutex_lock(mutex)
        if isStopping {
            pthread_mutex_unlock(mutex)
            // A late job (e.g. a straggling child task) still has to run somewhere.
            globalConcurrentExecutor.enqueue(unownedJob)
            return
        }
        pending.append(unownedJob)
        hasPending.store(1, at: 0)
        let mustWake = isParked
        isParked = false
        pthread_mutex_unlock(mutex)
        if mustWake { pthread_cond_signal(condition) }
    }

    /// Lets the thread finish the queued jobs and exit; later jobs go to the global executor.
    package func shutdown() {
        pthread_mutex_lock(mutex)
        isStopping = true
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    private func startThread(stackBytes: Int?) throws(ThreadStartError) {
        let retained = Unmanaged.passRetained(self)
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackBytes { pthread_attr_setstacksize(&attributes, stackBytes) }
        let status = pthread_create(&thread, &attributes, { argument in
            let executor = Unmanaged<DedicatedThreadExecutor>.fromOpaque(argument!).takeRetainedValue()
            executor.runLoop()
            return nil
        }, retained.toOpaque())
        guard status == 0 else {
            retained.release()
            throw ThreadStartError(reason: String(cString: strerror(status)))
        }
        pthread_detach(thread)
    }

    /// Bytes this thread has allocated so far; nil without an allocation counter or before the
    /// thread started. The counter is the thread's own: a read from elsewhere may be a few
    /// allocations stale, which a whole run's total does not notice.
    package var allocatedBytes: UInt64? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return allocatedCounter?.pointee
    }

    private func runLoop() {
        let executor = asUnownedTaskExecutor()
        var draining: [UnownedJob] = []
        draining.reserveCapacity(64)
        let counter = threadAllocatedCounter?()
        scalebench_set_current_worker(Unmanaged.passUnretained(self).toOpaque())
        // Timed waits toward a sleeper's deadline would otherwise end ~50 µs late.
        _ = scalebench_set_timer_slack_nanos(1)
        pthread_mutex_lock(mutex)
        allocatedCounter = counter
        while true {
            if pending.isEmpty {
                if isStopping, !timers.isEmpty {
                    pthread_mutex_unlock(mutex)
                    handOverTimers(to: .shared)
                    pthread_mutex_lock(mutex)
                    continue
                }
                if let deadlineNanos = timers.min?.deadlineNanos {
                    pthread_mutex_unlock(mutex)
                    let nowNanos = MonotonicClock.nowNanos()
                    if deadlineNanos <= nowNanos {
                        resumeDueTimers(nowNanos: nowNanos)
                        pthread_mutex_lock(mutex)
                        continue
                    }
                    let parkClass = WakeLatencyTable.latencyClass(sleepNanos: deadlineNanos - nowNanos)
                    let parkUntilNanos = deadlineNanos - min(parkLatenessNanos.estimate(parkClass), deadlineNanos - nowNanos)
                    pthread_mutex_lock(mutex)
                    if parkUntilNanos > nowNanos &+ PreciseSleeper.minimumSleepNanos, pending.isEmpty {
                        isParked = true
                        var until = timespec(tv_sec: Int(parkUntilNanos / 1_000_000_000), tv_nsec: Int(parkUntilNanos % 1_000_000_000))
                        let status = pthread_cond_timedwait(condition, mutex, &until)
                        isParked = false
                        if status == ETIMEDOUT {
                            parkLatenessNanos.observe(MonotonicClock.elapsedNanos(from: parkUntilNanos, to: MonotonicClock.nowNanos()), parkClass)
                        }
                    } else if pending.isEmpty {
                        pthread_mutex_unlock(mutex)
                        spin(untilNanos: deadlineNanos)
                        pthread_mutex_lock(mutex)
                    }
                    continue
                }
                if isStopping { break }
                isParked = true
                pthread_cond_wait(condition, mutex)
                continue
            }
            swap(&pending, &draining)
            hasPending.store(0, at: 0)
            pthread_mutex_unlock(mutex)
            for job in draining {
                job.runSynchronously(on: executor)
                // A deadline that passes during a long batch is resumed between its jobs.
                if let first = timers.min {
                    let nowNanos = MonotonicClock.nowNanos()
                    if first.deadlineNanos <= nowNanos { resumeDueTimers(nowNanos: nowNanos) }
                }
            }
            draining.removeAll(keepingCapacity: true)
            pthread_mutex_lock(mutex)
        }
        pthread_mutex_unlock(mutex)
        scalebench_set_current_worker(nil)
    }
}

/// The system refused a thread (`pthread_create` failed).
package struct ThreadStartError: Error, Sendable {
    /// The system's reason, e.g. "Resource temporarily unavailable".
    package var reason: String
}
