/// A value guarded by a `ThreadLock` (a pthread mutex that ThreadSanitizer understands).
///
/// The project's replacement for `Synchronization.Mutex<Value>` (see `ThreadLock` for why); a
/// class, so closures and task groups can capture it. ~15 ns a lock/unlock uncontended.
public final class Locked<Value>: @unchecked Sendable {
    // `lock` guards `storage`; it is only touched inside `withLock` / `withLockIfAvailable`.
    private let lock = ThreadLock()
    private var storage: Value

    public init(_ value: sending Value) { storage = value }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> sending Result) rethrows -> sending Result {
        try lock.withLock { try body(&storage) }
    }

    /// `withLock`, timing the hold into `timer`; a waiter spins about two typical holds before
    /// it sleeps (see `LockHoldTimer`).
    @inline(__always)
    package func withLock<Result>(timedBy timer: LockHoldTimer, _ body: (inout Value) throws -> sending Result) rethrows -> sending Result {
        try lock.withLock(timedBy: timer) { try body(&storage) }
    }

    /// Runs `body` with exclusive access if the lock is free right now; nil (without running it) otherwise.
    @inline(__always)
    public func withLockIfAvailable<Result>(_ body: (inout Value) throws -> sending Result) rethrows -> sending Result? {
        try lock.withLockIfAvailable { try body(&storage) }
    }
}

extension Locked where Value: Sendable {
    /// A copy of the current value.
    public var value: Value { withLock { $0 } }
}
