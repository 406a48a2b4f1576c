import ScaleSupport
import ScaleStorage
import ScaleNetwork
import Synchronization

/// What one event on a node left for the replica set to do: messages to send and lag to record.
struct ReplicaNodeOutput: Sendable {
    var outbound: [ReplicaStateMachine.Action] = []
    /// Primary after a write: each secondary's distance behind, in positions.
    var followerLags: [(replica: ReplicaID, positions: UInt64)] = []
}

/// One member of a running replica set: its state machine, its store, and the callers waiting on
/// it. All mutable state sits in `state` (a `Locked`); positions are also published in atomics so
/// read routing never takes the lock. The store is applied inside the lock, so entries reach it
/// in log order.
final class ReplicaNode<Store: ReplicaStore>: Sendable {
    let id: ReplicaID
    let networkID: NodeID
    let store: Store
    let matchedPosition = Atomic<UInt64>(0)
    let commitPosition = Atomic<UInt64>(0)
    let epochValue = Atomic<UInt64>(0)
    let isPrimary = Atomic<Bool>(false)
    let readsInFlight = Atomic<Int>(0)
    let readsServed = Atomic<UInt64>(0)
    /// Divergent entries this node rolled back (counted before the rollback becomes visible).
    let entriesRolledBack = Atomic<UInt64>(0)
    let lag: Locked<ReplicationLagRecorder>
    let acknowledgements: AcknowledgementTracker

    struct State {
        var machine: ReplicaStateMachine
        var actions: [ReplicaStateMachine.Action] = []
        var undo = UndoLog()
        var clientWrites: [UInt64: ClientWrite] = [:]
        var positionWaiters: [PositionWaiter] = []
        var failure: ReplicationError?
        var isClosed = false
        /// No write or wait expires before this; lets most ticks skip the scan.
        var earliestDeadlineNanos = UInt64.max
        /// A primary's write committed in its store before the machine appends its entry (only
        /// within one `handle`): that entry's apply just records the undo.
        var committedAhead: CommittedEntry?
    }

    /// Rows a primary committed for the log entry it is about to append at `position`.
    struct CommittedEntry {
        var position: LogPosition
        var inverse: [RowChange]
    }

    struct ClientWrite {
        var continuation: CheckedContinuation<Result<WriteReceipt, ReplicationError>, Never>
        var deadlineNanos: UInt64
    }

    struct PositionWaiter {
        var position: LogPosition
        var deadlineNanos: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private let state: Locked<State>

    init(id: ReplicaID, networkID: NodeID, store: Store, configuration: ReplicaSetConfiguration, acknowledgements: AcknowledgementTracker) {
        self.id = id
        self.acknowledgements = acknowledgements
        self.networkID = networkID
        self.store = store
        state = Locked(State(machine: ReplicaStateMachine(id: id, configuration: configuration.machineConfiguration)))
        lag = Locked(ReplicationLagRecorder(capacity: configuration.lagSampleCapacity))
    }

    /// The node's replication state.
    var status: ReplicaStateMachine.Status { state.withLock { $0.machine.status } }

    /// A storage failure that stopped this node, if any.
    var failure: ReplicationError? { state.withLock { $0.failure } }

    /// Runs `event` through the state machine, applies and rolls back entries in the store,
    /// resumes the callers it settles, and returns what the replica set must do next.
    func handle(_ event: ReplicaStateMachine.Event, nowNanos: UInt64) -> ReplicaNodeOutput {
        handle(event, nowNanos: nowNanos, registering: nil)
    }

    /// Submits a client write and suspends until it is acknowledged, refused or times out.
    func submitWrite(requestID: UInt64, changes: [RowChange], expectedEpoch: Epoch?, nowNanos: UInt64, deadlineNanos: UInt64, then perform: (ReplicaNodeOutput) -> Void) async -> Result<WriteReceipt, ReplicationError> {
        await withCheckedContinuation { continuation in
            let output = handle(
                .write(requestID: requestID, changes: changes, expectedEpoch: expectedEpoch), nowNanos: nowNanos,
                registering: (requestID, ClientWrite(continuation: continuation, deadlineNanos: deadlineNanos))
            )
            perform(output)
        }
    }

    /// Waits until this node has matched `position` (true) or `deadlineNanos` passes (false).
    func waitUntilMatched(_ position: LogPosition, deadlineNanos: UInt64) async -> Bool {
        if LogPosition(matchedPosition.load(ordering: .acquiring)) >= position { return true }
        return await withCheckedContinuation { continuation in
            let resumeNow: Bool? = state.withLock { state in
                if state.isClosed { return false }
                if state.machine.matchedPosition >= position { return true }
                state.positionWaiters.append(PositionWaiter(position: position, deadlineNanos: deadlineNanos, continuation: continuation))
                state.earliestDeadlineNanos = min(state.earliestDeadlineNanos, deadlineNanos)
                return nil
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
    }

    /// Fails client writes and position waits whose deadline passed.
    func expireWaits(nowNanos: UInt64) {
        let (writes, waiters) = state.withLock { state -> ([ClientWrite], [PositionWaiter]) in
            guard nowNanos >= state.earliestDeadlineNanos else { return ([], []) }
            let expiredWrites = state.clientWrites.filter { $0.value.deadlineNanos <= nowNanos }
            for key in expiredWrites.keys { state.clientWrites[key] = nil }
            let expiredWaiters = state.positionWaiters.filter { $0.deadlineNanos <= nowNanos }
            state.positionWaiters.removeAll { $0.deadlineNanos <= nowNanos }
            let remaining = state.clientWrites.values.lazy.map(\.deadlineNanos).min() ?? .max
            state.earliestDeadlineNanos = min(remaining, state.positionWaiters.lazy.map(\.deadlineNanos).min() ?? .max)
            return (Array(expiredWrites.values), expiredWaiters)
        }
        for write in writes {
            write.continuation.resume(returning: .failure(ReplicationError(.timeout, "\(id) did not acknowledge the write in time; it may still commit")))
        }
        for waiter in waiters { waiter.continuation.resume(returning: false) }
    }

    /// Fails everything still waiting (the replica set is shutting down).
    func close() {
        let (writes, waiters) = state.withLock { state in
            state.isClosed = true
            defer {
                state.clientWrites = [:]
                state.positionWaiters = []
            }
            return (Array(state.clientWrites.values), state.positionWaiters)
        }
        for write in writes { write.continuation.resume(returning: .failure(ReplicationError(.closed, "the replica set shut down"))) }
        for waiter in waiters { waiter.continuation.resume(returning: false) }
    }

    private func handle(_ event: ReplicaStateMachine.Event, nowNanos: UInt64, registering write: (UInt64, ClientWrite)?) -> ReplicaNodeOutput {
        handle(nowNanos: nowNanos) { _ in (event, write) }
    }

    /// Runs the event `prepare` returns (nil: none) under the node's lock, so whatever `prepare`
    /// read or wrote in the store cannot interleave with another event.
    func handle(nowNanos: UInt64, _ prepare: (inout State) -> (event: ReplicaStateMachine.Event, write: (UInt64, ClientWrite)?)?) -> ReplicaNodeOutput {
        var output = ReplicaNodeOutput()
        var acknowledged: [WriteReceipt] = []
        var writeResumptions: [(CheckedContinuation<Result<WriteReceipt, ReplicationError>, Never>, Result<WriteReceipt, ReplicationError>)] = []
        var waiterResumptions: [CheckedContinuation<Bool, Never>] = []
        state.withLock { state in
            guard let (event, write) = prepare(&state) else { return }
            defer { undoCommittedAhead(state: &state) }
            if let (requestID, clientWrite) = write {
                if let refusal = state.failure ?? (state.isClosed ? ReplicationError(.closed, "the replica set shut down") : nil) {
                    writeResumptions.append((clientWrite.continuation, .failure(refusal)))
                    return
                }
                state.clientWrites[requestID] = clientWrite
                state.earliestDeadlineNanos = min(state.earliestDeadlineNanos, clientWrite.deadlineNanos)
            }
            guard state.failure == nil else { return }
            let lastBefore = state.machine.log.lastPosition
            state.machine.handle(event, nowNanos: nowNanos, into: &state.actions)
            let actions = state.actions
            state.actions.removeAll(keepingCapacity: true)
            for action in actions {
                switch action {
                case .apply(let entries):
                    apply(entries, state: &state, nowNanos: nowNanos)
                case .rollBack(let entries):
                    entriesRolledBack.add(UInt64(rollBack(entries, state: &state)), ordering: .relaxed)
                case .discardLog(let through):
                    state.undo.discard(through: through)
                case .acknowledge(let requestID, let receipt):
                    acknowledged.append(receipt)
                    if let waiting = state.clientWrites.removeValue(forKey: requestID) {
                        writeResumptions.append((waiting.continuation, .success(receipt)))
                    }
                case .reject(let requestID, let error):
                    if let waiting = state.clientWrites.removeValue(forKey: requestID) {
                        writeResumptions.append((waiting.continuation, .failure(error)))
                    }
                case .roleChanged(.primary, _):
                    acknowledgements.countLost(newPrimaryLog: state.machine.log)
                case .send, .requestInSyncSet, .inSyncSetChanged, .snapshotRequired, .roleChanged:
                    output.outbound.append(action)
                }
                if state.failure != nil { break }
            }
            if case .write = event, state.machine.role == .primary, state.machine.log.lastPosition > lastBefore {
                let last = state.machine.log.lastPosition
                output.followerLags = state.machine.followerMatchPositions.map { ($0.id, last.distance(after: $0.matchPosition)) }
            }
            publish(state.machine)
            let matched = state.machine.matchedPosition
            if state.positionWaiters.contains(where: { $0.position <= matched }) {
                waiterResumptions = state.positionWaiters.filter { $0.position <= matched }.map(\.continuation)
                state.positionWaiters.removeAll { $0.position <= matched }
            }
        }
        // Recorded before the writer hears of it, so a later promotion can count it lost.
        acknowledgements.record(acknowledged)
        for (continuation, result) in writeResumptions { continuation.resume(returning: result) }
        for continuation in waiterResumptions { continuation.resume(returning: true) }
        return output
    }

    private func apply(_ entries: [LogEntry], state: inout State, nowNanos: UInt64) {
        var entries = entries[...]
        if let ahead = state.committedAhead, entries.first?.position == ahead.position {
            state.undo.append(ahead.position, inverse: ahead.inverse)
            state.committedAhead = nil
            entries = entries.dropFirst()
            if entries.isEmpty { return }
        }
        do {
            let inverses = try store.apply(entries.map(\.changes))
            for (entry, inverse) in zip(entries, inverses) { state.undo.append(entry.position, inverse: inverse) }
            if state.machine.role == .secondary {
                lag.withLock { recorder in
                    for entry in entries { recorder.nanos.record(MonotonicClock.elapsedNanos(from: entry.appendedNanos, to: nowNanos)) }
                }
            }
        } catch {
            // A replica that cannot apply its log must stop: serving on would diverge silently.
            state.failure = error
        }
    }

    /// Undoes rows committed for an entry the machine did not append (it refused the write after
    /// all), so the store never holds rows its log lacks; nothing when there are none.
    private func undoCommittedAhead(state: inout State) {
        guard let ahead = state.committedAhead else { return }
        state.committedAhead = nil
        do {
            try store.write(ahead.inverse)
        } catch {
            state.failure = error
        }
    }

    private func rollBack(_ entries: [LogEntry], state: inout State) -> Int {
        do throws(ReplicationError) {
            for entry in entries {
                guard let inverse = state.undo.popLast(entry.position) else {
                    throw ReplicationError(.storage, "\(id) has no undo record for \(entry.position); cannot roll back")
                }
                try store.write(inverse)
            }
            return entries.count
        } catch {
            state.failure = error
            return 0
        }
    }

    private func publish(_ machine: ReplicaStateMachine) {
        matchedPosition.store(machine.matchedPosition.rawValue, ordering: .releasing)
        commitPosition.store(machine.commitPosition.rawValue, ordering: .releasing)
        epochValue.store(machine.epoch.rawValue, ordering: .releasing)
        isPrimary.store(machine.role == .primary, ordering: .releasing)
    }
}
