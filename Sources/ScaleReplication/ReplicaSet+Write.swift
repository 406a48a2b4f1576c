import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaSet {
    /// Writes `changes` atomically through the primary and returns once the mode's acknowledgement
    /// arrived. Refusals that prove the write did not happen (not primary, stale epoch, lease
    /// expired, unreachable) are retried until the view settles, within `writeTimeoutNanos`.
    /// Throws `.timeout` when the outcome is unknown (the write may still commit).
    @discardableResult
    public func write(_ changes: [RowChange], from client: NodeID = .client) async throws(ReplicationError) -> WriteReceipt {
        try await retryingRefusals { primary, epoch, deadlineNanos in
            await attemptWrite(changes, at: primary.rawValue, epoch: epoch, client: client, deadlineNanos: deadlineNanos)
        }
    }

    /// Runs `attempt` against the primary clients believe in until it settles; refusals that prove
    /// the write did not happen wait for the view to change and try again, within `writeTimeoutNanos`.
    nonisolated(nonsending) func retryingRefusals<Success>(
        counting isAcknowledged: (Success) -> Bool = { _ in true },
        _ attempt: (ReplicaID, Epoch, UInt64) async -> Result<Success, ReplicationError>
    ) async throws(ReplicationError) -> Success {
        let deadlineNanos = MonotonicClock.nowNanos() &+ configuration.writeTimeoutNanos
        var lastRefusal = ReplicationError(.timeout, "no primary took the write within \(configuration.writeTimeoutNanos / 1_000_000) ms")
        while MonotonicClock.nowNanos() < deadlineNanos {
            let (primary, epoch) = view.withLock { $0 }
            if let primary {
                switch await attempt(primary, epoch, deadlineNanos) {
                case .success(let settled):
                    if isAcknowledged(settled) { counters.writesAcknowledged.add(1, ordering: .relaxed) }
                    return settled
                case .failure(let error) where Self.provesWriteDidNotHappen(error):
                    lastRefusal = error
                case .failure(let error):
                    counters.writesFailed.add(1, ordering: .relaxed)
                    throw error
                }
            }
            // Wait for the view to change or the lease to be renewed.
            await sleeper.sleep(nanos: configuration.tickIntervalNanos)
        }
        counters.writesFailed.add(1, ordering: .relaxed)
        throw lastRefusal
    }

    /// Writes `changes` and records the receipt in `session` for read-your-writes.
    @discardableResult
    public func write(_ changes: [RowChange], session: inout SessionToken, from client: NodeID = .client) async throws(ReplicationError) -> WriteReceipt {
        let receipt = try await write(changes, from: client)
        session.record(receipt)
        return receipt
    }

    /// Sends a write straight to `replica`, bypassing the client's view of who is primary and not
    /// retrying: shows what an old or isolated primary does with a write (fencing demos, tests).
    /// `expectedEpoch` is the fencing token; nil sends none.
    @discardableResult
    public func write(_ changes: [RowChange], directlyTo replica: ReplicaID, expectedEpoch: Epoch?, from client: NodeID = .client) async throws(ReplicationError) -> WriteReceipt {
        let deadlineNanos = MonotonicClock.nowNanos() &+ configuration.writeTimeoutNanos
        return try await attemptWrite(changes, at: replica.rawValue, epoch: expectedEpoch, client: client, deadlineNanos: deadlineNanos).get()
    }

    private static func provesWriteDidNotHappen(_ error: ReplicationError) -> Bool {
        switch error.code {
        case .notPrimary, .staleEpoch, .leaseExpired, .unreachable: true
        default: false
        }
    }

    /// Sends the write to `index` over the network; the node answers when the write settles.
    private func attemptWrite(_ changes: [RowChange], at index: Int, epoch: Epoch?, client: NodeID, deadlineNanos: UInt64) async -> Result<WriteReceipt, ReplicationError> {
        let node = nodes[index]
        let timeoutNanos = MonotonicClock.elapsedNanos(from: MonotonicClock.nowNanos(), to: deadlineNanos)
        do {
            return try await network.call(from: client, to: node.networkID, kind: .replicationWrite, timeoutNanos: timeoutNanos) {
                let requestID = self.nextRequestID.add(1, ordering: .relaxed).newValue
                return await node.submitWrite(
                    requestID: requestID, changes: changes, expectedEpoch: epoch,
                    nowNanos: MonotonicClock.nowNanos(), deadlineNanos: deadlineNanos
                ) { output in self.perform(output, from: index) }
            }
        } catch {
            return .failure(Self.replicationError(from: error, action: "write"))
        }
    }

    /// A network failure as a replication error: refused means undelivered, a timeout means unknown.
    static func replicationError(from error: any Error, action: String) -> ReplicationError {
        if let error = error as? ReplicationError { return error }
        if let error = error as? NetworkError {
            if error.code == .unreachable { return ReplicationError(.unreachable, "\(action) refused: \(error)") }
            return ReplicationError(.timeout, "\(action) or its reply was lost (\(error)); its outcome is unknown")
        }
        return ReplicationError(.storage, "\(action) failed: \(error)")
    }
}
