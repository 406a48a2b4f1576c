import CScaleShims
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex with a condition variable, allocated once so its address never moves.
///
/// Used instead of `Synchronization.Mutex` across the project: on Linux, Mutex hands a contended
/// lock over inside the kernel (PI futex), which ThreadSanitizer cannot see, so it reports false
/// races under `make test`; it also has no condition variable.
/// `@unchecked Sendable`: the pthread objects are the synchronization itself.
public final class ThreadLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
        // Critical sections here are a few hundred nanoseconds: spin briefly before sleeping in
        // the kernel, so two threads trading a lock do not pay a futex wait and a context switch.
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    @inline(__always)
    public func withLock<R>(_ body: () throws -> sending R) rethrows -> sending R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Runs `body` holding the lock, timing the hold into `timer`. A thread that finds the lock
    /// taken spins for it up to `timer.spinBoundNanos` (about two typical holds) before sleeping.
    @inline(__always)
    package func withLock<R>(timedBy timer: LockHoldTimer, _ body: () throws -> sending R) rethrows -> sending R {
        if pthread_mutex_trylock(mutex) != 0 { acquireSpinning(upTo: timer.spinBoundNanos) }
        let start = MonotonicClock.nowNanos()
        defer {
            timer.record(heldNanos: MonotonicClock.elapsedNanos(from: start, to: MonotonicClock.nowNanos()))
            pthread_mutex_unlock(mutex)
        }
        return try body()
    }

    /// Takes the lock, trying it every few spin hints until `spinNanos` have passed, then
    /// sleeping for it.
    private func acquireSpinning(upTo spinNanos: UInt64) {
        guard spinNanos > 0 else {
            pthread_mutex_lock(mutex)
            return
        }
        let deadline = MonotonicClock.nowNanos() &+ spinNanos
        repeat {
            // A few hundred nanoseconds between tries: the holder sees the waiter take the lock
            // soon after it lets go, before it can take it back itself.
            for _ in 0..<8 { scalebench_cpu_relax() }
            if pthread_mutex_trylock(mutex) == 0 { return }
        } while MonotonicClock.nowNanos() < deadline
        pthread_mutex_lock(mutex)
    }

    /// Runs `body` holding the lock if it is free right now; nil (without running it) otherwise.
    @inline(__always)
    public func withLockIfAvailable<R>(_ body: () throws -> sending R) rethrows -> sending R? {
        guard pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the lock until `broadcast()` is called, then takes it again. Caller holds the
    /// lock and re-checks its condition in a loop (wakeups can be spurious).
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Wakes every thread in `wait()`.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
