#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One dedicated worker thread that runs the jobs of the tasks preferring it (SE-0417 task
/// executor). The runner starts `threadCount` of these, so `threadCount` is real parallelism
/// independent of the cooperative pool.
///
/// The thread drains the whole queue per lock acquisition and only signals the condition when the
/// thread is parked, so a busy worker costs one lock round-trip per batch of jobs.
final class WorkerExecutor: TaskExecutor, @unchecked Sendable {
    // `mutex` guards `pending`, `isParked`, `isStopping` and `allocatedCounter`; `condition` wakes the parked thread.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var pending: [UnownedJob] = []
    private var isParked = false
    private var isStopping = false
    /// The thread's jemalloc allocation total, set by the thread itself when it starts.
    private var allocatedCounter: UnsafePointer<UInt64>?

    /// Starts the worker thread (with `stackBytes` of stack, or the system default when nil);
    /// throws `.resourceExhausted` when the system refuses a thread.
    init(stackBytes: Int? = nil) throws {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
        pending.reserveCapacity(64)
        try startThread(stackBytes: stackBytes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unownedJob = UnownedJob(job)
        pthread_mutex_lock(mutex)
        if isStopping {
            pthread_mutex_unlock(mutex)
            // A late job (e.g. a straggling child task) still has to run somewhere.
            globalConcurrentExecutor.enqueue(unownedJob)
            return
        }
        pending.append(unownedJob)
        let mustWake = isParked
        isParked = false
        pthread_mutex_unlock(mutex)
        if mustWake { pthread_cond_signal(condition) }
    }

    /// Lets the thread finish the queued jobs and exit; later jobs go to the global executor.
    func shutdown() {
        pthread_mutex_lock(mutex)
        isStopping = true
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    private func startThread(stackBytes: Int?) throws {
        let retained = Unmanaged.passRetained(self)
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackBytes { pthread_attr_setstacksize(&attributes, stackBytes) }
        let status = pthread_create(&thread, &attributes, { argument in
            let executor = Unmanaged<WorkerExecutor>.fromOpaque(argument!).takeRetainedValue()
            executor.runLoop()
            return nil
        }, retained.toOpaque())
        guard status == 0 else {
            retained.release()
            throw LoadGeneratorError(
                .resourceExhausted,
                "could not start a worker thread (pthread_create: \(String(cString: strerror(status)))); use fewer --threads or free system threads"
            )
        }
        pthread_detach(thread)
    }

    /// Bytes this worker's thread has allocated so far (jemalloc); nil without jemalloc or before
    /// the thread started. The counter is the thread's own: a read from elsewhere may be a few
    /// allocations stale, which a whole run's total does not notice.
    var allocatedBytes: UInt64? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return allocatedCounter?.pointee
    }

    private func runLoop() {
        let executor = asUnownedTaskExecutor()
        var draining: [UnownedJob] = []
        draining.reserveCapacity(64)
        let counter = JemallocStats.threadAllocatedCounter()
        pthread_mutex_lock(mutex)
        allocatedCounter = counter
        while true {
            if pending.isEmpty {
                if isStopping { break }
                isParked = true
                pthread_cond_wait(condition, mutex)
                continue
            }
            swap(&pending, &draining)
            pthread_mutex_unlock(mutex)
            for job in draining { job.runSynchronously(on: executor) }
            draining.removeAll(keepingCapacity: true)
            pthread_mutex_lock(mutex)
        }
        pthread_mutex_unlock(mutex)
    }
}

/// The runner's worker threads; clients are assigned round-robin.
struct WorkerPool: ~Copyable {
    let executors: [WorkerExecutor]
    /// An extra, mostly idle thread for the progress reporter, when one was asked for.
    let progressExecutor: WorkerExecutor?

    /// Starts the threads; when one cannot start, stops those already started and throws.
    init(threadCount: Int, withProgressThread: Bool = false, stackBytes: Int? = nil) throws {
        var started: [WorkerExecutor] = []
        do {
            for _ in 0..<threadCount + (withProgressThread ? 1 : 0) { started.append(try WorkerExecutor(stackBytes: stackBytes)) }
        } catch {
            for executor in started { executor.shutdown() }
            throw error
        }
        progressExecutor = withProgressThread ? started.removeLast() : nil
        executors = started
    }

    /// The worker that runs client `clientIndex`.
    func executor(forClient clientIndex: Int) -> WorkerExecutor {
        executors[clientIndex % executors.count]
    }

    /// Bytes all of `executors`' threads have allocated so far; nil when any total is unknown.
    static func allocatedBytes(_ executors: [WorkerExecutor]) -> UInt64? {
        var total: UInt64 = 0
        for executor in executors {
            guard let bytes = executor.allocatedBytes else { return nil }
            total &+= bytes
        }
        return total
    }

    /// Index of the worker that runs client `clientIndex`.
    func workerIndex(forClient clientIndex: Int) -> Int { clientIndex % executors.count }

    deinit {
        for executor in executors { executor.shutdown() }
        progressExecutor?.shutdown()
    }
}
