import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// The outcome of a replicated SQL write: what the transaction returned and where it sits in the log.
public struct ReplicaWrite<Value: Sendable>: Sendable {
    /// What the write's body returned on the primary.
    public var value: Value
    /// The log entry that carries its rows; for a body that changed nothing, the log position it saw.
    public var receipt: WriteReceipt
}

extension ReplicaSet where Store == SQLiteChangesetStore {
    /// Runs `body` as one write transaction on the primary's tables and replicates the rows it
    /// changed to every replica; returns once the mode's acknowledgement arrived. Refusals that
    /// prove nothing was written (not primary, fenced, unreachable) are retried on the new primary,
    /// so `body` may run more than once but takes effect once. An error `body` throws is rethrown
    /// unchanged and writes nothing. Throws `ReplicationError(.timeout)` when the outcome is unknown.
    nonisolated(nonsending) public func execute<Value: Sendable>(
        from client: NodeID = .client,
        _ body: (SQLiteConnection) throws -> Value
    ) async throws -> ReplicaWrite<Value> {
        let settled = try await retryingRefusals(counting: { (try? $0.get()) != nil }) { primary, epoch, deadlineNanos in
            await attemptExecution(body, at: primary.rawValue, epoch: epoch, client: client, deadlineNanos: deadlineNanos)
        }
        return try settled.get()
    }

    /// Sends the body to `index`; a body error is a settled outcome (nothing to retry).
    nonisolated(nonsending) private func attemptExecution<Value: Sendable>(
        _ body: (SQLiteConnection) throws -> Value, at index: Int, epoch: Epoch, client: NodeID, deadlineNanos: UInt64
    ) async -> Result<Result<ReplicaWrite<Value>, any Error>, ReplicationError> {
        let node = nodes[index]
        let timeoutNanos = MonotonicClock.elapsedNanos(from: MonotonicClock.nowNanos(), to: deadlineNanos)
        do {
            let outcome = try await network.call(from: client, to: node.networkID, kind: .replicationWrite, timeoutNanos: timeoutNanos) {
                let requestID = self.nextRequestID.add(1, ordering: .relaxed).newValue
                return await node.submitExecution(
                    requestID: requestID, expectedEpoch: epoch, nowNanos: MonotonicClock.nowNanos(), deadlineNanos: deadlineNanos, body: body
                ) { output in self.perform(output, from: index) }
            }
            switch outcome {
            case .ran(let value, .success(let receipt)): return .success(.success(ReplicaWrite(value: value, receipt: receipt)))
            case .ran(_, .failure(let error)), .refused(let error): return .failure(error)
            case .bodyFailed(let error): return .success(.failure(error))
            }
        } catch {
            return .failure(Self.replicationError(from: error, action: "write"))
        }
    }
}
