import ScaleCore

/// One request to a shard with a backup: the primary replica now, a second replica after
/// `delayNanos` unless the primary answered (at once if the primary failed), the first success
/// wins. The loser runs to its end unobserved, as a real RPC would; the caller never waits for it.
enum HedgedRequest {
    /// The winning reply, and whether it was the hedge's.
    static func run<Reply: Sendable>(
        delayNanos: UInt64?,
        primary: @escaping @Sendable () async throws -> Reply,
        hedge: @escaping @Sendable () async throws -> Reply,
        onHedgeSent: @escaping @Sendable () -> Void
    ) async throws -> (reply: Reply, hedgeWon: Bool) {
        try await withCheckedThrowingContinuation { continuation in
            let race = Race<Reply>(continuation: continuation)
            let launchHedge: @Sendable () -> Void = {
                onHedgeSent()
                Task { await race.finish(isHedge: true) { try await hedge() } }
            }
            Task {
                await race.finish(isHedge: false) { try await primary() }
                if race.primaryFailedFirst() { launchHedge() }
            }
            if let delayNanos {
                Task {
                    await PreciseSleeper.shared.sleep(nanos: delayNanos)
                    if race.startHedgeIfUnanswered() { launchHedge() }
                }
            }
        }
    }

    /// Who answered first; guarded by its lock.
    private final class Race<Reply: Sendable>: Sendable {
        typealias Winner = (reply: Reply, hedgeWon: Bool)
        typealias Waiter = CheckedContinuation<Winner, any Error>

        private struct State {
            var continuation: Waiter?
            var hedgeStarted = false
            var pending = 1
            var primaryFailed = false
        }

        private let state: Locked<State>

        init(continuation: Waiter) {
            state = Locked(State(continuation: continuation))
        }

        /// Runs one attempt and hands its outcome to the race.
        func finish(isHedge: Bool, _ attempt: () async throws -> Reply) async {
            let outcome: Result<Reply, any Error>
            do { outcome = .success(try await attempt()) } catch { outcome = .failure(error) }
            let (continuation, result) = state.withLock { state -> (Waiter?, Result<Winner, any Error>?) in
                state.pending -= 1
                switch outcome {
                case .success(let reply):
                    defer { state.continuation = nil }
                    return (state.continuation, .success((reply, isHedge)))
                case .failure(let error):
                    if !isHedge { state.primaryFailed = true }
                    // Resume with the failure only when nothing else can still answer.
                    guard state.pending == 0, state.hedgeStarted || isHedge else { return (nil, nil) }
                    defer { state.continuation = nil }
                    return (state.continuation, .failure(error))
                }
            }
            if let continuation, let result { continuation.resume(with: result) }
        }

        /// After a failed primary: true if the hedge must start now (it had not yet).
        func primaryFailedFirst() -> Bool {
            state.withLock { state in
                guard state.primaryFailed, !state.hedgeStarted, state.continuation != nil else { return false }
                state.hedgeStarted = true
                state.pending += 1
                return true
            }
        }

        /// When the delay is up: true if the hedge must start (no answer yet, not started).
        func startHedgeIfUnanswered() -> Bool {
            state.withLock { state in
                guard state.continuation != nil, !state.hedgeStarted else { return false }
                state.hedgeStarted = true
                state.pending += 1
                return true
            }
        }
    }
}
