import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaStateMachine {
    mutating func receiveAppend(_ request: AppendRequest, from sender: ReplicaID, nowNanos: UInt64, into actions: inout [Action]) {
        if request.epoch < epoch {
            actions.append(.send(to: sender, .appendResponse(AppendResponse(epoch: epoch, outcome: .staleEpoch))))
            return
        }
        if request.epoch > epoch || role == .primary {
            assert(request.epoch > epoch, "two primaries in \(epoch)")
            stepDown(to: request.epoch, primary: sender, into: &actions)
        }
        primaryID = sender
        if request.previousPosition > log.lastPosition, matchedPosition > .zero, reorderBuffer.count < configuration.maxMessagesInFlight {
            // Already in step with this primary, so the gap is a reordered or lost append: hold this
            // one instead of forcing a re-probe round trip (a new primary's first probe is answered).
            reorderBuffer.append(request)
            return
        }
        if let hint = mismatchHint(for: request) {
            actions.append(.send(to: sender, .appendResponse(AppendResponse(epoch: epoch, outcome: .mismatch(hintPosition: hint.position, hintEpoch: hint.epoch)))))
            return
        }
        var applied: [LogEntry] = []
        for entry in request.entries where entry.position > log.baselinePosition {
            if entry.position <= log.lastPosition {
                if log.epoch(at: entry.position) == entry.epoch { continue }
                let removed = log.truncate(after: entry.position.previous)
                matchedPosition = min(matchedPosition, entry.position.previous)
                actions.append(.rollBack(Array(removed.reversed())))
            }
            log.append(entry)
            applied.append(entry)
        }
        if !applied.isEmpty { actions.append(.apply(applied)) }
        matchedPosition = max(matchedPosition, request.lastPosition)
        commitPosition = max(commitPosition, min(request.commitPosition, matchedPosition))
        actions.append(.send(to: sender, .appendResponse(AppendResponse(epoch: epoch, outcome: .accepted(matchPosition: matchedPosition)))))
        trimRetainedLog(everywhere: min(request.everywherePosition, matchedPosition), into: &actions)
        if let ready = reorderBuffer.firstIndex(where: { $0.previousPosition <= log.lastPosition }) {
            let next = reorderBuffer.remove(at: ready)
            receiveAppend(next, from: sender, nowNanos: nowNanos, into: &actions)
        }
    }

    /// Where the consistency check fails for `request`, or nil when the log agrees at its previous position.
    private func mismatchHint(for request: AppendRequest) -> (position: LogPosition, epoch: Epoch)? {
        let previous = request.previousPosition
        if previous > log.lastPosition { return (log.lastPosition, log.lastEpoch) }
        // Below the retained window everything was known to match when it was discarded.
        guard let mine = log.epoch(at: previous), mine != request.previousEpoch else { return nil }
        // Skip the whole conflicting epoch (Raft's conflict-term hint): one round trip per epoch, not per entry.
        let lower = max(log.firstPosition(withEpochAtLeast: mine).previous, log.baselinePosition)
        return (lower, log.epoch(at: lower) ?? log.baselineEpoch)
    }

    mutating func follow(primary: ReplicaID, epoch newEpoch: Epoch, into actions: inout [Action]) {
        guard newEpoch >= epoch, primary != id else { return }
        if newEpoch == epoch, role == .primary { return }
        stepDown(to: newEpoch, primary: primary, into: &actions)
    }

    /// A secondary drops what every member holds (it can never diverge or be needed by anyone),
    /// and keeps at most the configured number of entries beyond that.
    private mutating func trimRetainedLog(everywhere: LogPosition, into actions: inout [Action]) {
        if let through = log.trim(heldEverywhereThrough: everywhere, keepingAtMost: configuration.maxRetainedEntries) {
            actions.append(.discardLog(through: through))
        }
    }
}
