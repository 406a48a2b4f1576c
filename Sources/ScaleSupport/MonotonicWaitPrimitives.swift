#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex and a condition variable whose timed waits run on CLOCK_MONOTONIC (the clock
/// `MonotonicClock` reads), for a thread that sleeps until a deadline or a signal. Allocated once
/// so their addresses never move: Swift does not promise a stable address for a stored property
/// passed with `&`.
enum MonotonicWaitPrimitives {
    /// A new, initialized pair; release it with `deallocate`.
    static func allocate() -> (mutex: UnsafeMutablePointer<pthread_mutex_t>, condition: UnsafeMutablePointer<pthread_cond_t>) {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        return (mutex, condition)
    }

    /// Destroys and frees a pair made by `allocate`; nobody may wait on it any more.
    static func deallocate(_ mutex: UnsafeMutablePointer<pthread_mutex_t>, _ condition: UnsafeMutablePointer<pthread_cond_t>) {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
}
