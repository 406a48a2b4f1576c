extension SimulatedNetwork {
    /// Sends a request from `from` to `to`, runs `body` "on" `to`, and returns its result to `from`.
    ///
    /// Pays the request's one-way delay, then the reply's: a call is 2 messages. If either message
    /// is lost (loss, partition, a down node) the caller waits until `timeoutNanos` (default
    /// `configuration.callTimeoutNanos`) after the call began and gets `NetworkError` `.timeout`;
    /// a lost reply means `body` did run, as with a real RPC. Errors thrown by `body` travel back as
    /// the reply. A reply that is merely slow is not cut off at the deadline.
    /// Runs on the caller's executor, so `body` may touch the caller's actor state.
    nonisolated(nonsending)
    public func call<Reply>(
        from: NodeID,
        to: NodeID,
        kind: MessageKind = .unnamed,
        timeoutNanos: UInt64? = nil,
        _ body: () async throws -> Reply
    ) async throws -> Reply {
        counters.countCall()
        if !usesDelays && !faultsActive.load(ordering: .relaxed) {
            counters.countMessages(2, kind: kind, between: from, and: to)
            let outcome = await Self.run(body)
            // A fault that appeared while the body ran still catches the reply.
            if !faultsActive.load(ordering: .relaxed) { return try outcome.get() }
            let startNanos = MonotonicClock.nowNanos()
            return try await reply(
                outcome, from: from, to: to, kind: kind, startNanos: startNanos,
                deadlineNanos: startNanos &+ (timeoutNanos ?? configuration.callTimeoutNanos)
            )
        }
        let startNanos = MonotonicClock.nowNanos()
        let deadlineNanos = startNanos &+ (timeoutNanos ?? configuration.callTimeoutNanos)
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
        let outcome = await Self.run(body)
        counters.countMessages(1, kind: kind, between: to, and: from)
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

    /// Sends one message from `from` to `to` and runs `body` "on" `to` when it arrives.
    ///
    /// One message, one delay, no reply: returns `true` once `body` ran, `false` at once if the
    /// message was lost. The caller's task carries the message, so it waits the delay; start a
    /// `Task` (or a task-group child) around it for fire-and-forget.
    @discardableResult
    nonisolated(nonsending)
    public func send(
        from: NodeID,
        to: NodeID,
        kind: MessageKind = .unnamed,
        _ body: () async throws -> Void
    ) async rethrows -> Bool {
        counters.countSend()
        counters.countMessages(1, kind: kind, between: from, and: to)
        if !usesDelays && !faultsActive.load(ordering: .relaxed) {
            try await body()
            return true
        }
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

    /// Runs the body "on the node", keeping a thrown error as the reply to carry back.
    nonisolated(nonsending)
    private static func run<Reply>(_ body: () async throws -> Reply) async -> Result<Reply, any Error> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
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
