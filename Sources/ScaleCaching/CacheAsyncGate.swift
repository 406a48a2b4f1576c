import ScaleSupport
/// An async mutual-exclusion gate: one holder at a time, waiters resumed in arrival order.
/// Used to keep write-back flushes in order (two flushes racing could store an older value last).
final class CacheAsyncGate: Sendable {
    private struct State {
        var isHeld = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    /// Waits until the gate is free, then holds it. Cancellation does not cut the wait short.
    func enter() async {
        let acquired = state.withLock { state in
            guard !state.isHeld else { return false }
            state.isHeld = true
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let handedOver = state.withLock { state in
                guard state.isHeld else {
                    state.isHeld = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if handedOver { continuation.resume() }
        }
    }

    /// Releases the gate, handing it straight to the longest waiter if there is one.
    func leave() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            precondition(state.isHeld, "CacheAsyncGate.leave() without enter()")
            guard !state.waiters.isEmpty else {
                state.isHeld = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
