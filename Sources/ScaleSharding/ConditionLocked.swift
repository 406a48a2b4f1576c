import ScaleSupport
import ScaleStorage
/// A value behind a `ThreadLock`, with waiting for a condition on it.
///
/// `@unchecked Sendable`: `state` is read and written only while `lock` is held.
final class ConditionLocked<State>: @unchecked Sendable {
    private let lock = ThreadLock()
    private var state: State

    init(_ state: State) {
        self.state = state
    }

    /// Runs `body` on the state, holding the lock.
    func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        try lock.withLock { try body(&state) }
    }

    /// Waits (lock released meanwhile) until `ready` holds, then runs `body`, all without letting
    /// go of the lock between the last check and `body`. `ready` only looks: it gets the state
    /// `inout` so the check reads it in place instead of copying it.
    func withLock<R>(waitingUntil ready: (inout State) -> Bool, _ body: (inout State) throws -> R) rethrows -> R {
        try lock.withLock {
            while !ready(&state) { lock.wait() }
            return try body(&state)
        }
    }

    /// Wakes every thread waiting in `withLock(waitingUntil:_:)` to re-check its condition.
    func broadcast() {
        lock.broadcast()
    }
}
