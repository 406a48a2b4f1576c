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
    // `mutex` guards `pending`, `isParked` and `isStopping`; `condition` wakes the parked thread.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var pending: [UnownedJob] = []
    private var isParked = false
    private var isStopping = false

    /// Starts the worker thread.
    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
        pending.reserveCapacity(64)
        startThread()
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

    private func startThread() {
        let retained = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let executor = Unmanaged<WorkerExecutor>.fromOpaque(argument!).takeRetainedValue()
            executor.runLoop()
            return nil
        }, retained.toOpaque())
        precondition(status == 0, "WorkerExecutor could not start its thread (pthread_create: \(status))")
        pthread_detach(thread)
    }

    private func runLoop() {
        let executor = asUnownedTaskExecutor()
        var draining: [UnownedJob] = []
        draining.reserveCapacity(64)
        pthread_mutex_lock(mutex)
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

    init(threadCount: Int, withProgressThread: Bool = false) {
        executors = (0..<threadCount).map { _ in WorkerExecutor() }
        progressExecutor = withProgressThread ? WorkerExecutor() : nil
    }

    /// The worker that runs client `clientIndex`.
    func executor(forClient clientIndex: Int) -> WorkerExecutor {
        executors[clientIndex % executors.count]
    }

    /// Index of the worker that runs client `clientIndex`.
    func workerIndex(forClient clientIndex: Int) -> Int { clientIndex % executors.count }

    deinit {
        for executor in executors { executor.shutdown() }
        progressExecutor?.shutdown()
    }
}
