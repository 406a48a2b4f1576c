import ScaleSupport

/// The runner's worker threads; clients are assigned round-robin.
struct WorkerPool: ~Copyable {
    /// A worker: one dedicated thread whose allocations jemalloc counts.
    typealias WorkerExecutor = DedicatedThreadExecutor

    let executors: [WorkerExecutor]
    /// An extra, mostly idle thread for the progress reporter, when one was asked for.
    let progressExecutor: WorkerExecutor?

    /// Starts the threads; when one cannot start, stops those already started and throws.
    init(threadCount: Int, withProgressThread: Bool = false, stackBytes: Int? = nil) throws {
        var started: [WorkerExecutor] = []
        do {
            for _ in 0..<threadCount + (withProgressThread ? 1 : 0) {
                started.append(try WorkerExecutor(stackBytes: stackBytes, threadAllocatedCounter: JemallocStats.threadAllocatedCounter))
            }
        } catch {
            for executor in started { executor.shutdown() }
            throw LoadGeneratorError(
                .resourceExhausted, "could not start a worker thread (pthread_create: \(error.reason)); use fewer --threads or free system threads"
            )
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
