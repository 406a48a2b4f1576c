import ScaleSupport
import ScaleStorage
import ScaleNetwork
extension ReplicaStateMachine {
    mutating func write(requestID: UInt64, changes: [RowChange], expectedEpoch: Epoch?, nowNanos: UInt64, into actions: inout [Action]) {
        if let refusal = writeRefusal(expectedEpoch: expectedEpoch, nowNanos: nowNanos) {
            actions.append(.reject(requestID: requestID, refusal))
            return
        }
        let entry = LogEntry(position: log.lastPosition.next, epoch: epoch, changes: changes, appendedNanos: nowNanos)
        log.append(entry)
        matchedPosition = entry.position
        actions.append(.apply([entry]))
        pendingWrites.append(requestID: requestID, position: entry.position)
        advanceCommit(into: &actions)
        replicate(nowNanos: nowNanos, into: &actions)
    }

    /// Why this node cannot take a write now, or nil when it can.
    func writeRefusal(expectedEpoch: Epoch?, nowNanos: UInt64) -> ReplicationError? {
        guard role == .primary else {
            let hint = primaryID.map { "; the primary is \($0)" } ?? ""
            return ReplicationError(.notPrimary, "\(id) is a secondary in \(epoch)\(hint)")
        }
        if let expectedEpoch, expectedEpoch != epoch {
            return ReplicationError(.staleEpoch, "write for \(expectedEpoch) reached \(id), primary in \(epoch)")
        }
        if configuration.enforcesLease, nowNanos >= leaseUntilNanos {
            return ReplicationError(.leaseExpired, "\(id)'s lease for \(epoch) ran out; refusing writes until the coordinator renews it")
        }
        if pendingWrites.count >= configuration.maxPendingWrites {
            return ReplicationError(.overloaded, "\(pendingWrites.count) writes already wait for acknowledgement")
        }
        return nil
    }

    mutating func receiveAppendResponse(_ response: AppendResponse, from sender: ReplicaID, nowNanos: UInt64, into actions: inout [Action]) {
        if response.epoch > epoch {
            stepDown(to: response.epoch, primary: nil, into: &actions)
            return
        }
        guard role == .primary, response.epoch == epoch, let index = followers.firstIndex(where: { $0.id == sender }) else { return }
        followers[index].lastHeardNanos = nowNanos
        followers[index].messagesInFlight = max(0, followers[index].messagesInFlight - 1)
        switch response.outcome {
        case .accepted(let match):
            var follower = followers[index]
            if match > follower.matchPosition { follower.matchPosition = match }
            if follower.isProbing {
                follower.isProbing = false
                follower.messagesInFlight = 0
                follower.nextPosition = follower.matchPosition.next
            }
            follower.nextPosition = max(follower.nextPosition, follower.matchPosition.next)
            let rejoins = !follower.isInSync && follower.matchPosition >= commitPosition
            if rejoins { follower.isInSync = true }
            followers[index] = follower
            if rejoins { actions.append(.inSyncSetChanged(followers.filter(\.isInSync).map(\.id))) }
            advanceCommit(into: &actions)
        case .mismatch(let hintPosition, let hintEpoch):
            // A late mismatch never undoes a match already confirmed in this epoch.
            let agreeable = max(min(hintPosition, log.lastPosition(withEpochAtMost: hintEpoch)), followers[index].matchPosition)
            followers[index].probe(from: agreeable.next)
        case .staleEpoch:
            break
        }
        send(toFollowerAt: index, nowNanos: nowNanos, heartbeat: false, into: &actions)
        trimLog(into: &actions)
    }

    mutating func tick(nowNanos: UInt64, into actions: inout [Action]) {
        guard role == .primary else { return }
        var silent: [ReplicaID] = []
        for index in followers.indices {
            if followers[index].isStalled(nowNanos: nowNanos, timeoutNanos: configuration.retransmitTimeoutNanos) {
                followers[index].restartAfterSilence()
            }
            if followers[index].isInSync, MonotonicClock.elapsedNanos(from: followers[index].lastHeardNanos, to: nowNanos) >= configuration.inSyncTimeoutNanos {
                silent.append(followers[index].id)
            }
            let heartbeatDue = MonotonicClock.elapsedNanos(from: followers[index].lastSentNanos, to: nowNanos) >= configuration.heartbeatIntervalNanos
            send(toFollowerAt: index, nowNanos: nowNanos, heartbeat: heartbeatDue, into: &actions)
        }
        requestInSyncShrink(dropping: silent, nowNanos: nowNanos, into: &actions)
    }

    /// Asks the coordinator to drop silent secondaries from the in-sync set. The shrink only takes
    /// effect once confirmed for this epoch, so a fenced primary can never shrink its way to a commit.
    private mutating func requestInSyncShrink(dropping silent: [ReplicaID], nowNanos: UInt64, into actions: inout [Action]) {
        guard !silent.isEmpty else {
            inSyncRequest = nil
            return
        }
        let desired = followers.filter { $0.isInSync && !silent.contains($0.id) }.map(\.id)
        if let pending = inSyncRequest, pending.members == desired, MonotonicClock.elapsedNanos(from: pending.sentNanos, to: nowNanos) < configuration.retransmitTimeoutNanos { return }
        inSyncRequest = (desired, nowNanos)
        actions.append(.requestInSyncSet(epoch: epoch, desired))
    }

    mutating func confirmInSyncSet(epoch confirmedEpoch: Epoch, members: [ReplicaID], into actions: inout [Action]) {
        guard role == .primary, confirmedEpoch == epoch else { return }
        inSyncRequest = nil
        var changed = false
        for index in followers.indices where followers[index].isInSync && !members.contains(followers[index].id) {
            followers[index].isInSync = false
            changed = true
        }
        guard changed else { return }
        actions.append(.inSyncSetChanged(followers.filter(\.isInSync).map(\.id)))
        advanceCommit(into: &actions)
    }

    mutating func promote(epoch newEpoch: Epoch, inSync: [ReplicaID], leaseUntilNanos leaseUntil: UInt64, nowNanos: UInt64, into actions: inout [Action]) {
        guard newEpoch > epoch else {
            if newEpoch == epoch, role == .primary { leaseUntilNanos = max(leaseUntilNanos, leaseUntil) }
            return
        }
        epoch = newEpoch
        role = .primary
        primaryID = id
        leaseUntilNanos = leaseUntil
        let startEpochEntry = LogEntry(position: log.lastPosition.next, epoch: epoch, changes: [], appendedNanos: nowNanos)
        everywherePosition = .zero
        followers = configuration.members.filter { $0 != id }.map {
            FollowerProgress(id: $0, nextPosition: startEpochEntry.position, nowNanos: nowNanos, isInSync: inSync.contains($0))
        }
        // The no-op starts the epoch in the log, so divergent suffixes on secondaries are cut at once.
        log.append(startEpochEntry)
        matchedPosition = startEpochEntry.position
        actions.append(.roleChanged(.primary, epoch))
        actions.append(.apply([startEpochEntry]))
        advanceCommit(into: &actions)
        replicate(nowNanos: nowNanos, into: &actions)
    }

    /// Sends whatever each secondary's window allows.
    mutating func replicate(nowNanos: UInt64, into actions: inout [Action]) {
        for index in followers.indices {
            send(toFollowerAt: index, nowNanos: nowNanos, heartbeat: false, into: &actions)
        }
    }

    /// Sends the next append to one secondary if its window allows (a heartbeat if nothing is new).
    mutating func send(toFollowerAt index: Int, nowNanos: UInt64, heartbeat: Bool, into actions: inout [Action]) {
        var follower = followers[index]
        let window = follower.isProbing ? 1 : configuration.maxMessagesInFlight
        guard follower.messagesInFlight < window else { return }
        // Heartbeats flow even with appends outstanding, so a few lost messages never look like a dead secondary.
        guard follower.nextPosition <= log.lastPosition || heartbeat else { return }
        let previous = follower.nextPosition.previous
        guard let previousEpoch = log.epoch(at: previous) else {
            if !follower.needsSnapshot {
                followers[index].needsSnapshot = true
                actions.append(.snapshotRequired(follower.id))
            }
            return
        }
        let entries = log.entries(from: follower.nextPosition, limit: configuration.maxEntriesPerMessage)
        let request = AppendRequest(
            epoch: epoch, previousPosition: previous, previousEpoch: previousEpoch, entries: entries,
            commitPosition: commitPosition, everywherePosition: everywherePosition
        )
        follower.nextPosition = request.lastPosition.next
        if follower.messagesInFlight == 0 { follower.inFlightSinceNanos = nowNanos }
        follower.messagesInFlight += 1
        follower.lastSentNanos = nowNanos
        followers[index] = follower
        actions.append(.send(to: follower.id, .append(request)))
    }

    /// Moves the commit position as far as the mode allows and acknowledges the writes below it.
    mutating func advanceCommit(into actions: inout [Action]) {
        guard role == .primary else { return }
        let reached = committablePosition()
        guard reached > commitPosition else { return }
        commitPosition = reached
        for write in pendingWrites.popCommitted(through: reached) {
            actions.append(.acknowledge(requestID: write.requestID, WriteReceipt(position: write.position, epoch: epoch)))
        }
    }

    /// The highest position the mode counts as committed given what the secondaries acknowledged.
    private func committablePosition() -> LogPosition {
        switch configuration.mode {
        case .asynchronous:
            return log.lastPosition
        case .synchronous:
            return followers.lazy.filter(\.isInSync).map(\.matchPosition).reduce(log.lastPosition, min)
        case .quorum(let writeCount):
            var positions = followers.map(\.matchPosition)
            positions.append(log.lastPosition)
            positions.sort(by: >)
            return positions[min(writeCount, positions.count) - 1]
        }
    }

    /// Drops entries every secondary holds, or the oldest beyond the retention limit.
    mutating func trimLog(into actions: inout [Action]) {
        everywherePosition = max(everywherePosition, followers.lazy.map(\.matchPosition).reduce(log.lastPosition, min))
        if let through = log.trim(heldEverywhereThrough: everywherePosition, keepingAtMost: configuration.maxRetainedEntries) {
            actions.append(.discardLog(through: through))
        }
    }
}
