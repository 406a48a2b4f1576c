import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// What running a caller's SQL write on a node came to.
enum ExecutionOutcome<Value: Sendable>: Sendable {
    /// The body ran on the primary; the rows it changed (if any) settled as `result`.
    case ran(Value, Result<WriteReceipt, ReplicationError>)
    /// The node refused before running the body (not primary, fenced, lease, closed, overloaded).
    case refused(ReplicationError)
    /// The body threw; nothing was written.
    case bodyFailed(any Error)
}

extension ReplicaNode where Store == SQLiteChangesetStore {
    /// Runs `body` on this node's tables if it may take writes, under the node's lock so no other
    /// write interleaves, commits it and submits the rows it changed as one log entry (applied
    /// here already); suspends until that entry is acknowledged per the mode. A body that changed
    /// nothing is answered at once.
    nonisolated(nonsending) func submitExecution<T: Sendable>(
        requestID: UInt64, expectedEpoch: Epoch?, nowNanos: UInt64, deadlineNanos: UInt64,
        body: (SQLiteConnection) throws -> T, then perform: (ReplicaNodeOutput) -> Void
    ) async -> ExecutionOutcome<T> {
        var value: T?
        var early: ExecutionOutcome<T>?
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<WriteReceipt, ReplicationError>, Never>) in
            let output = handle(nowNanos: nowNanos) { state in
                let closed = state.isClosed ? ReplicationError(.closed, "the replica set shut down") : nil
                if let refusal = state.failure ?? closed ?? state.machine.writeRefusal(expectedEpoch: expectedEpoch, nowNanos: nowNanos) {
                    early = .refused(refusal)
                    return nil
                }
                let ran: T, changes: [RowChange], inverse: [RowChange]
                do {
                    (ran, changes, inverse) = try store.executeCommitting(body)
                } catch {
                    early = .bodyFailed(error)
                    return nil
                }
                value = ran
                guard !changes.isEmpty else {
                    // Nothing to replicate; a session still must not read older than what the body saw.
                    early = .ran(ran, .success(WriteReceipt(position: state.machine.log.lastPosition, epoch: state.machine.epoch)))
                    return nil
                }
                // The rows are committed; the entry the machine appends next is already applied here.
                state.committedAhead = CommittedEntry(position: state.machine.log.lastPosition.next, inverse: inverse)
                let write = ClientWrite(continuation: continuation, deadlineNanos: deadlineNanos)
                return (.write(requestID: requestID, changes: changes, expectedEpoch: expectedEpoch), (requestID, write))
            }
            perform(output)
            if early != nil { continuation.resume(returning: .failure(ReplicationError(.closed, "answered without a log entry"))) }
        }
        if let early { return early }
        guard let value else { return .refused(ReplicationError(.storage, "the write settled without running")) }
        return .ran(value, result)
    }
}
