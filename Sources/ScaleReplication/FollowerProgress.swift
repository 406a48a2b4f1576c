import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// What a primary knows about one secondary's copy of the log.
struct FollowerProgress: Sendable, Hashable {
    let id: ReplicaID
    /// Highest position known to match the primary's log on the secondary.
    var matchPosition: LogPosition = .zero
    /// First position the next append will carry.
    var nextPosition: LogPosition
    /// Appends sent and not yet answered.
    var messagesInFlight = 0
    var lastSentNanos: UInt64 = 0
    /// When the oldest unanswered append left (valid while `messagesInFlight > 0`).
    var inFlightSinceNanos: UInt64 = 0
    var lastHeardNanos: UInt64
    /// True until an append is accepted: send one message at a time while searching for the match point.
    var isProbing = true
    /// Where the current probe starts.
    var probePosition: LogPosition
    /// Whether sync mode waits for this secondary.
    var isInSync: Bool
    /// Set once `snapshotRequired` was reported, so it is reported once.
    var needsSnapshot = false

    init(id: ReplicaID, nextPosition: LogPosition, nowNanos: UInt64, isInSync: Bool) {
        self.id = id
        self.nextPosition = nextPosition
        self.probePosition = nextPosition
        self.lastHeardNanos = nowNanos
        self.isInSync = isInSync
    }

    /// Whether appends have gone unanswered for `timeoutNanos` (lost, or the secondary is down).
    func isStalled(nowNanos: UInt64, timeoutNanos: UInt64) -> Bool {
        messagesInFlight > 0 && MonotonicClock.elapsedNanos(from: max(lastHeardNanos, inFlightSinceNanos), to: nowNanos) >= timeoutNanos
    }

    /// Forgets what is in flight and resumes one message at a time: a lost probe is repeated as it
    /// was (the match may still be unknown), otherwise replication restarts after the match.
    mutating func restartAfterSilence() {
        messagesInFlight = 0
        nextPosition = isProbing ? probePosition : matchPosition.next
        probePosition = nextPosition
        isProbing = true
    }

    /// Starts probing from `position` after a consistency-check failure.
    mutating func probe(from position: LogPosition) {
        messagesInFlight = 0
        nextPosition = position
        probePosition = position
        isProbing = true
    }
}

/// Writes waiting for their commit, in log-position order; bounded by the configuration.
struct PendingWriteQueue: Sendable {
    private var items: [(requestID: UInt64, position: LogPosition)] = []
    private var headIndex = 0

    var count: Int { items.count - headIndex }

    mutating func append(requestID: UInt64, position: LogPosition) {
        assert(items.last.map { $0.position < position } ?? true, "pending writes must be in log order")
        items.append((requestID, position))
    }

    /// Removes and returns the writes at or below `position`.
    mutating func popCommitted(through position: LogPosition) -> [(requestID: UInt64, position: LogPosition)] {
        let start = headIndex
        while headIndex < items.count, items[headIndex].position <= position { headIndex += 1 }
        guard headIndex > start else { return [] }
        let popped = Array(items[start..<headIndex])
        if headIndex == items.count || (headIndex > 1024 && headIndex * 2 > items.count) {
            items.removeFirst(headIndex)
            headIndex = 0
        }
        return popped
    }

    /// Removes and returns every waiting write.
    mutating func removeAll() -> [(requestID: UInt64, position: LogPosition)] {
        let all = Array(items[headIndex...])
        items.removeAll()
        headIndex = 0
        return all
    }
}
