import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// The result of a replicated read and where it came from.
public struct ReplicaRead<Value: Sendable>: Sendable {
    /// What the query returned.
    public var value: Value
    /// The replica that served the read.
    public var servedBy: ReplicaID
    /// How far the serving node's log matched the primary's when it served.
    public var servedPosition: LogPosition
    /// The serving node had applied less than was committed when the read started.
    public var wasStale: Bool
    /// A read-your-writes read found no caught-up secondary in time and went to the primary.
    public var fellBackToPrimary: Bool
}

extension ReplicaSet where Store: KeyValueReplicaStore {
    /// Reads `(table, key)` under `policy` (default: the configuration's). With a session token,
    /// `.readYourWrites` never returns a state older than the session's last write.
    public func read(table: String, key: String, session: SessionToken? = nil, policy: ReplicaReadPolicy? = nil, from client: NodeID = .client) async throws(ReplicationError) -> ReplicaRead<[UInt8]?> {
        try await read(session: session, policy: policy, from: client) { store throws(ReplicationError) in
            try store.value(table: table, key: key)
        }
    }

    /// Reads up to `limit` rows of `table` whose keys start with `keyPrefix`, in key order.
    public func scan(table: String, keyPrefix: String, limit: Int, session: SessionToken? = nil, policy: ReplicaReadPolicy? = nil, from client: NodeID = .client) async throws(ReplicationError) -> ReplicaRead<[(key: String, value: [UInt8])]> {
        try await read(session: session, policy: policy, from: client) { store throws(ReplicationError) in
            try store.rows(table: table, keyPrefix: keyPrefix, limit: limit)
        }
    }
}

extension ReplicaSet {
    /// Runs `query` on the store of the replica `policy` picks (e.g. SQL on a
    /// `SQLiteReplicaStore`'s node); staleness and read-your-writes work as for `read`.
    public func read<Value: Sendable>(session: SessionToken? = nil, policy: ReplicaReadPolicy? = nil, from client: NodeID = .client, _ query: (Store) throws(ReplicationError) -> Value) async throws(ReplicationError) -> ReplicaRead<Value> {
        let startNanos = MonotonicClock.nowNanos()
        let committedAtStart = committedPosition
        let candidates = readCandidates(nowNanos: startNanos)
        let route = router.withLock { $0.route(policy ?? configuration.readPolicy, session: session?.lastWrite, candidates: candidates, nowNanos: startNanos) }
        switch route {
        case .unavailable:
            throw ReplicationError(.unreachable, "no reachable replica can serve this read")
        case .serve(let replica):
            return try await serveWithoutWaiting(at: replica, committedAtStart: committedAtStart, client: client, query)
        case .fallBack(let primary):
            counters.readYourWritesFallbacks.add(1, ordering: .relaxed)
            var read = try await serveWithoutWaiting(at: primary, committedAtStart: committedAtStart, client: client, query)
            read.fellBackToPrimary = true
            return read
        case .waitThenServe(let replica, let position, let deadlineNanos, let fallback):
            counters.readYourWritesWaits.add(1, ordering: .relaxed)
            let wait = (position: position, deadlineNanos: deadlineNanos)
            if let read = try await serve(at: replica, waitingFor: wait, committedAtStart: committedAtStart, client: client, query) { return read }
            counters.readYourWritesFallbacks.add(1, ordering: .relaxed)
            var read = try await serveWithoutWaiting(at: fallback, committedAtStart: committedAtStart, client: client, query)
            read.fellBackToPrimary = true
            return read
        }
    }

    /// The primary's commit position: what a fresh read should see at least.
    var committedPosition: LogPosition {
        guard let primary else { return .zero }
        return LogPosition(nodes[primary.rawValue].commitPosition.load(ordering: .acquiring))
    }

    private func readCandidates(nowNanos: UInt64) -> [ReadCandidate] {
        let primary = self.primary
        let alive = coordinator.withLock { coordinator in nodes.map { coordinator.isAlive($0.id, nowNanos: nowNanos) } }
        return nodes.map { node in
            ReadCandidate(
                id: node.id, isPrimary: node.id == primary, isReachable: alive[node.id.rawValue],
                matchedPosition: LogPosition(node.matchedPosition.load(ordering: .acquiring)),
                readsInFlight: node.readsInFlight.load(ordering: .relaxed)
            )
        }
    }

    private func serveWithoutWaiting<Value: Sendable>(at replica: ReplicaID, committedAtStart: LogPosition, client: NodeID, _ query: (Store) throws(ReplicationError) -> Value) async throws(ReplicationError) -> ReplicaRead<Value> {
        // Only a bounded wait can make a node decline.
        guard let read = try await serve(at: replica, waitingFor: nil, committedAtStart: committedAtStart, client: client, query) else {
            throw ReplicationError(.unreachable, "\(replica) declined a read it did not have to wait for")
        }
        return read
    }

    /// Serves a read on `replica`, first waiting (bounded) until it matched `waitingFor.position`;
    /// nil when the wait ran out.
    private func serve<Value: Sendable>(at replica: ReplicaID, waitingFor: (position: LogPosition, deadlineNanos: UInt64)?, committedAtStart: LogPosition, client: NodeID, _ query: (Store) throws(ReplicationError) -> Value) async throws(ReplicationError) -> ReplicaRead<Value>? {
        let node = nodes[replica.rawValue]
        let counters = self.counters
        do {
            return try await network.call(from: client, to: node.networkID, kind: .replicationRead) { () async throws(ReplicationError) -> ReplicaRead<Value>? in
                node.readsInFlight.add(1, ordering: .relaxed)
                defer { node.readsInFlight.subtract(1, ordering: .relaxed) }
                if let waitingFor, !(await node.waitUntilMatched(waitingFor.position, deadlineNanos: waitingFor.deadlineNanos)) {
                    return nil
                }
                let matched = LogPosition(node.matchedPosition.load(ordering: .acquiring))
                let value = try query(node.store)
                let isStale = matched < committedAtStart
                node.readsServed.add(1, ordering: .relaxed)
                if isStale { counters.staleReads.add(1, ordering: .relaxed) }
                return ReplicaRead(value: value, servedBy: replica, servedPosition: matched, wasStale: isStale, fellBackToPrimary: false)
            }
        } catch {
            throw Self.replicationError(from: error, action: "read")
        }
    }
}
