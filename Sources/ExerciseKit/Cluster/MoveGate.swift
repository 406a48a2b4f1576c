import ScaleCore

/// Orders a replicated cluster's calls against a shard move without blocking a thread: calls
/// pass in shared, a move step (a copy page, a drain before the flip) takes it alone. A step
/// waiting keeps new calls out, so a steady stream of writes cannot starve the move.
final class MoveGate: Sendable {
    private struct State {
        var sharedCount = 0
        var isExclusive = false
        var exclusiveWaiters: [CheckedContinuation<Void, Never>] = []
        var sharedWaiters: [CheckedContinuation<Void, Never>] = []
    }

    // Guarded by the lock; continuations are resumed after it is released.
    private let state = Locked(State())

    /// Runs `body` in shared mode (alongside other shared callers).
    func shared<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await enterShared()
        defer { leaveShared() }
        return try await body()
    }

    /// Runs `body` alone: after every shared caller inside has left, while new ones wait.
    func exclusive<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await enterExclusive()
        defer { leaveExclusive() }
        return try await body()
    }

    /// Returns once every caller that entered before has left.
    func drain() async {
        await exclusive {}
    }

    /// True while an exclusive step waits for shared callers to leave (for tests).
    var hasWaitingExclusive: Bool { state.withLock { !$0.exclusiveWaiters.isEmpty } }

    private func enterShared() async {
        let entered = state.withLock { state in
            guard !state.isExclusive, state.exclusiveWaiters.isEmpty else { return false }
            state.sharedCount += 1
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                guard !state.isExclusive, state.exclusiveWaiters.isEmpty else {
                    state.sharedWaiters.append(continuation)
                    return false
                }
                state.sharedCount += 1
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private func leaveShared() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.sharedCount -= 1
            guard state.sharedCount == 0, !state.exclusiveWaiters.isEmpty else { return nil }
            state.isExclusive = true
            return state.exclusiveWaiters.removeFirst()
        }
        next?.resume()
    }

    private func enterExclusive() async {
        await withCheckedContinuation { continuation in
            let admitted = state.withLock { state in
                guard !state.isExclusive, state.sharedCount == 0 else {
                    state.exclusiveWaiters.append(continuation)
                    return false
                }
                state.isExclusive = true
                return true
            }
            if admitted { continuation.resume() }
        }
    }

    private func leaveExclusive() {
        let (next, admitted) = state.withLock { state -> (CheckedContinuation<Void, Never>?, [CheckedContinuation<Void, Never>]) in
            if !state.exclusiveWaiters.isEmpty { return (state.exclusiveWaiters.removeFirst(), []) }
            state.isExclusive = false
            let waiting = state.sharedWaiters
            state.sharedWaiters = []
            state.sharedCount += waiting.count
            return (nil, waiting)
        }
        next?.resume()
        admitted.forEach { $0.resume() }
    }
}
