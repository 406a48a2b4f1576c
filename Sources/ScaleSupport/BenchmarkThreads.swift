#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs a body on several real threads at once and joins them (benchmarks need real parallelism,
/// not tasks that the cooperative pool may serialize).
public enum BenchmarkThreads {
    private final class Job: Sendable {
        let body: @Sendable (Int) -> Void
        let index: Int
        init(body: @escaping @Sendable (Int) -> Void, index: Int) {
            self.body = body
            self.index = index
        }
    }

    public static func run(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        var threads: [pthread_t] = []
        for index in 0..<count {
            let job = Unmanaged.passRetained(Job(body: body, index: index)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                let job = Unmanaged<Job>.fromOpaque(argument).takeRetainedValue()
                job.body(job.index)
                return nil
            }, job)
            precondition(status == 0, "pthread_create failed: \(status)")
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }

    /// Runs `operation` on `threads` real threads at once, `operationsPerThread` times each, over
    /// `keys` (a power-of-two count, each thread starting at its own offset). Wall nanoseconds per
    /// operation per thread, and how many operations threw.
    package static func timePerOperation(
        threads: Int, operationsPerThread: Int, keys: [UInt64], _ operation: @escaping @Sendable (UInt64) throws -> UInt64
    ) -> (nanosPerOperation: Double, failures: Int) {
        let mask = keys.count - 1
        // Results are summed and kept, so the optimizer cannot drop the work.
        let sink = Atomic<UInt64>(0)
        let failures = Atomic<Int>(0)
        let startNanos = MonotonicClock.nowNanos()
        run(count: threads) { thread in
            var sum: UInt64 = 0
            var index = thread &* 977
            for _ in 0..<operationsPerThread {
                do { sum &+= try operation(keys[index & mask]) } catch { failures.add(1, ordering: .relaxed) }
                index &+= 1
            }
            sink.add(sum, ordering: .relaxed)
        }
        let elapsedNanos = MonotonicClock.nowNanos() - startNanos
        return (Double(elapsedNanos) / Double(max(1, operationsPerThread)), failures.load(ordering: .relaxed))
    }
}
