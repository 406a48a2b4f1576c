import ScaleSupport
/// One connection of a node behind its own lock, with the counters of the work done on it.
///
/// `@unchecked Sendable`: `connection` and the counters are read and written only while `lock`
/// is held (through `withLock` / `withLockIfAvailable`), and the connection is lent to a closure
/// only for that time, as SQLITE_OPEN_NOMUTEX requires.
final class ConnectionSlot: @unchecked Sendable {
    private let lock = ThreadLock()
    /// The typical hold of `withLockTimed`, which sets how long its waiters spin.
    let holdTimer = LockHoldTimer()
    // Unchecked exclusivity (no runtime access tracking on the hot path): `lock` already makes
    // every access exclusive.
    /// Nil while the node is closed or crashed.
    @exclusivity(unchecked) var connection: SQLiteConnection?
    @exclusivity(unchecked) var reads = 0
    @exclusivity(unchecked) var rowsRead = 0
    @exclusivity(unchecked) var writes = 0
    @exclusivity(unchecked) var failedWrites = 0
    @exclusivity(unchecked) var rowsWritten = 0

    init() {}

    func withLock<R>(_ body: (ConnectionSlot) throws -> sending R) rethrows -> sending R {
        try lock.withLock { try body(self) }
    }

    /// `withLock` for transactions: a thread that finds the slot busy spins about two typical
    /// holds before it sleeps (a busy shard's transactions are short, and a load worker waiting
    /// for one has nothing else to run).
    func withLockTimed<R>(_ body: (ConnectionSlot) throws -> sending R) rethrows -> sending R {
        try lock.withLock(timedBy: holdTimer) { try body(self) }
    }

    /// Runs `body` if the lock is free at once; nil if another thread holds it.
    func withLockIfAvailable<R>(_ body: (ConnectionSlot) throws -> sending R) rethrows -> sending R? {
        try lock.withLockIfAvailable { try body(self) }
    }
}
