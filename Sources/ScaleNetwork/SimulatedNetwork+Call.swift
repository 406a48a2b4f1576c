import ScaleSupport
import Synchronization

extension SimulatedNetwork {
    /// Sends a request from `from` to `to`, runs `body` "on" `to`, and returns its result to `from`.
    ///
    /// Pays the request's one-way delay, then the reply's: a call is 2 messages. If either message
    /// is lost (loss, partition, a down node) the caller waits until `timeoutNanos` (default
    /// `configuration.callTimeoutNanos`) after the call began and gets `NetworkError` `.timeout`;
    /// a lost reply means `body` did run, as with a real RPC. Errors thrown by `body` travel back as
    /// the reply. A reply that is merely slow is not cut off at the deadline.
    /// A node calling itself (`from == to`) crosses no link: no delay, no fault, not counted.
    /// `body` runs on the caller's executor (no hop), so it may touch the caller's actor state.
    @inlinable
    nonisolated(nonsending)
    public func call<Reply>(
        from: NodeID,
        to: NodeID,
        kind: MessageKind = .unnamed,
        timeoutNanos: UInt64? = nil,
        _ body: nonisolated(nonsending) () async throws -> Reply
    ) async throws -> Reply {
        if from == to { return try await body() }
        guard isFastPathOpen else {
            return try await callAcrossLinks(from: from, to: to, kind: kind, timeoutNanos: timeoutNanos, body)
        }
        counters.countCall(kind: kind, between: from, and: to)
        let reply: Reply
        do {
            reply = try await body()
        } catch {
            // A fault that appeared while the body ran still catches the reply.
            guard faultsActive.load(ordering: .relaxed) else { throw error }
            return try await replyAfterFault(.failure(error), from: from, to: to, kind: kind, timeoutNanos: timeoutNanos)
        }
        guard faultsActive.load(ordering: .relaxed) else { return reply }
        return try await replyAfterFault(.success(reply), from: from, to: to, kind: kind, timeoutNanos: timeoutNanos)
    }

    /// Sends one message from `from` to `to` and runs `body` "on" `to` when it arrives.
    ///
    /// One message, one delay, no reply: returns `true` once `body` ran, `false` at once if the
    /// message was lost. The caller's task carries the message, so it waits the delay; start a
    /// `Task` (or a task-group child) around it for fire-and-forget. Sending to oneself is local.
    @inlinable
    @discardableResult
    nonisolated(nonsending)
    public func send(
        from: NodeID,
        to: NodeID,
        kind: MessageKind = .unnamed,
        _ body: nonisolated(nonsending) () async throws -> Void
    ) async rethrows -> Bool {
        if from == to {
            try await body()
            return true
        }
        guard isFastPathOpen else {
            return try await sendAcrossLink(from: from, to: to, kind: kind, body)
        }
        counters.countSend(kind: kind, between: from, and: to)
        try await body()
        return true
    }

    /// No delays anywhere and no fault in force: calls need no clock, lock or timer.
    @inlinable
    var isFastPathOpen: Bool { !usesDelays && !faultsActive.load(ordering: .relaxed) }

    /// A call that pays link delays or meets faults.
    @usableFromInline
    nonisolated(nonsending)
    func callAcrossLinks<Reply>(
        from: NodeID, to: NodeID, kind: MessageKind, timeoutNanos: UInt64?,
        _ body: nonisolated(nonsending) () async throws -> Reply
    ) async throws -> Reply {
        counters.countCallStarted()
        let startNanos = MonotonicClock.nowNanos()
        let deadlineNanos = deadline(startNanos: startNanos, timeoutNanos: timeoutNanos)
        counters.countMessages(1, kind: kind, between: from, and: to)
        switch route(from: from, to: to, sentAtNanos: startNanos) {
        case .arrives(let arrivalNanos):
            await sleeper.sleep(untilNanos: arrivalNanos)
        case .dropped:
            counters.countDropped()
            throw await failure(.timeout, from: from, to: to, kind: kind, startNanos: startNanos, untilNanos: deadlineNanos)
        case .refused(let replyNanos):
            throw await failure(.unreachable, from: from, to: to, kind: kind, startNanos: startNanos, untilNanos: replyNanos)
        }
        let outcome: Result<Reply, any Error>
        do {
            outcome = .success(try await body())
        } catch {
            outcome = .failure(error)
        }
        counters.countMessages(1, kind: kind, between: to, and: from)
        return try await reply(outcome, from: from, to: to, kind: kind, startNanos: startNanos, deadlineNanos: deadlineNanos)
    }

    /// The reply of a fast-path call when a fault appeared while its body ran (already counted).
    @usableFromInline
    nonisolated(nonsending)
    func replyAfterFault<Reply>(
        _ outcome: Result<Reply, any Error>, from: NodeID, to: NodeID, kind: MessageKind, timeoutNanos: UInt64?
    ) async throws -> Reply {
        let startNanos = MonotonicClock.nowNanos()
        let deadlineNanos = deadline(startNanos: startNanos, timeoutNanos: timeoutNanos)
        return try await reply(outcome, from: from, to: to, kind: kind, startNanos: startNanos, deadlineNanos: deadlineNanos)
    }

    /// Carries `outcome` back from `to` to `from`, or fails with `.timeout` at the deadline if the reply is lost.
    nonisolated(nonsending)
    private func reply<Reply>(
        _ outcome: Result<Reply, any Error>, from: NodeID, to: NodeID, kind: MessageKind, startNanos: UInt64, deadlineNanos: UInt64
    ) async throws -> Reply {
        switch route(from: to, to: from, sentAtNanos: MonotonicClock.nowNanos()) {
        case .arrives(let arrivalNanos):
            await sleeper.sleep(untilNanos: arrivalNanos)
            return try outcome.get()
        case .dropped, .refused:
            counters.countDropped()
            throw await failure(.timeout, from: from, to: to, kind: kind, startNanos: startNanos, untilNanos: deadlineNanos)
        }
    }

    /// A one-way message that pays a link delay or meets faults.
    @usableFromInline
    nonisolated(nonsending)
    func sendAcrossLink(
        from: NodeID, to: NodeID, kind: MessageKind, _ body: nonisolated(nonsending) () async throws -> Void
    ) async rethrows -> Bool {
        counters.countSend(kind: kind, between: from, and: to)
        switch route(from: from, to: to, sentAtNanos: MonotonicClock.nowNanos()) {
        case .arrives(let arrivalNanos):
            await sleeper.sleep(untilNanos: arrivalNanos)
            try await body()
            return true
        case .dropped, .refused:
            counters.countDropped()
            return false
        }
    }

    /// When a call started at `startNanos` gives up; timeouts are capped at one hour so it cannot wrap.
    private func deadline(startNanos: UInt64, timeoutNanos: UInt64?) -> UInt64 {
        startNanos &+ min(timeoutNanos ?? configuration.callTimeoutNanos, NetworkDurationText.maximumNanos)
    }

    /// Waits until `untilNanos`, counts the failure and returns the error to throw.
    private func failure(
        _ code: NetworkError.Code, from: NodeID, to: NodeID, kind: MessageKind, startNanos: UInt64, untilNanos: UInt64
    ) async -> NetworkError {
        await sleeper.sleep(untilNanos: untilNanos)
        counters.countFailure(code)
        let waitedNanos = MonotonicClock.nowNanos() &- startNanos
        return NetworkError(code, from: from, to: to, kind: kind, waitedNanos: waitedNanos)
    }
}
