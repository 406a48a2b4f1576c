import ScaleSupport
import ScaleStorage
/// A broadcast wake-up for tasks waiting on queue state ("work arrived", "space freed").
///
/// Lost wake-ups are avoided with a generation number: read `generation`, check the condition,
/// then `wait(after:)` returns at once if a signal came in between.
final class QueueSignal: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var nextWaiterID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Locked(State())

    /// Signals sent so far.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Tasks waiting now (tests).
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Wakes every waiter.
    func signalAll() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a signal arrives after `generation`, or when the task is cancelled.
    func wait(after generation: UInt64) async {
        let waiterID = state.withLock { state in
            state.nextWaiterID &+= 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    // Cancellation is flagged before the handler runs, so this check closes that race.
                    if state.generation != generation || Task.isCancelled { return true }
                    state.waiters[waiterID] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: waiterID) }?.resume()
        }
    }

    /// Like `wait(after:)`, but returns after `timeoutNanos` of real time at the latest.
    func wait(after generation: UInt64, timeoutNanos: UInt64) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(after: generation) }
            group.addTask { try? await Task.sleep(nanoseconds: timeoutNanos) }
            await group.next()
            group.cancelAll()
        }
    }
}
