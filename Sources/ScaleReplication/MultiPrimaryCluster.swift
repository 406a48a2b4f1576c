import ScaleSupport
import ScaleStorage
import ScaleNetwork
import Synchronization

extension MessageKind {
    static let multiPrimaryRowState = MessageKind("multiprimary.row-state")
    static let multiPrimaryAcknowledge = MessageKind("multiprimary.ack")
    static let multiPrimaryWrite = MessageKind("multiprimary.write")
    static let multiPrimaryRead = MessageKind("multiprimary.read")
}

/// One primary of a multi-primary cluster: its state machine and store, behind one lock (so
/// stored versions always match the machine's).
final class MultiPrimaryNode<Store: KeyValueReplicaStore>: Sendable {
    let id: ReplicaID
    let networkID: NodeID
    let store: Store
    let skewNanos: Int64
    private let machine: Locked<MultiPrimaryStateMachine>
    /// The first storage failure, after which the node ignores events.
    private let failure = Locked<ReplicationError?>(nil)

    init(id: ReplicaID, networkID: NodeID, store: Store, configuration: MultiPrimaryConfiguration) {
        self.id = id
        self.networkID = networkID
        self.store = store
        skewNanos = configuration.skewNanos(of: id.rawValue)
        machine = Locked(MultiPrimaryStateMachine(id: id, configuration: .init(
            members: configuration.members, policy: configuration.policy, retransmitTimeoutNanos: configuration.retransmitTimeoutNanos
        )))
    }

    /// This node's physical clock: the monotonic clock shifted by its skew.
    var physicalNanos: UInt64 {
        let now = Int64(bitPattern: MonotonicClock.nowNanos())
        return UInt64(bitPattern: max(0, now &+ skewNanos))
    }

    /// Runs `event`, persists changed rows, and returns the messages to send and the write's version.
    func handle(_ event: MultiPrimaryStateMachine.Event) -> (sends: [(ReplicaID, MultiPrimaryMessage)], written: RowVersion?, error: ReplicationError?) {
        machine.withLock { machine in
            if let failed = failure.withLock({ $0 }) { return ([], nil, failed) }
            var sends: [(ReplicaID, MultiPrimaryMessage)] = []
            var written: RowVersion?
            for action in machine.handle(event, nowNanos: physicalNanos) {
                switch action {
                case .store(let row, let versions):
                    do throws(ReplicationError) {
                        try store.write([RowChange(table: row.table, key: row.key, value: RowVersionCoding.encode(versions))])
                    } catch {
                        failure.withLock { $0 = error }
                        return ([], nil, error)
                    }
                case .send(let to, let message):
                    sends.append((to, message))
                case .acknowledge(_, let version):
                    written = version
                }
            }
            return (sends, written, nil)
        }
    }

    /// The node's versions of `row`, as persisted in its store.
    func storedVersions(of row: RowKey) throws(ReplicationError) -> [RowVersion] {
        guard let bytes = try store.value(table: row.table, key: row.key) else { return [] }
        return try RowVersionCoding.decode(bytes)
    }

    /// Every row the node holds (from its state machine).
    var rows: [RowKey: [RowVersion]] { machine.withLock { $0.rows } }
    var conflictCount: Int { machine.withLock { $0.conflictCount } }
    var localWriteCount: Int { machine.withLock { $0.localWriteCount } }
    var unacknowledgedCount: Int { machine.withLock { $0.unacknowledgedCount } }
}

/// Several primaries that all accept writes and replicate to each other over the simulated
/// network. Writes are stamped with a hybrid logical clock and a dotted version vector;
/// concurrent writes are detected and either resolved by last-writer-wins or kept as siblings
/// for the application to merge (`MultiPrimaryStateMachine`). Conflicts are counted per node.
///
/// Call `start()` before use and `shutdown()` when done.
public final class MultiPrimaryCluster<Store: KeyValueReplicaStore>: Sendable {
    /// The settings the cluster runs with.
    public let configuration: MultiPrimaryConfiguration
    /// The network every write, read and row state crosses.
    public let network: SimulatedNetwork
    let nodes: [MultiPrimaryNode<Store>]
    let timerTask = Locked<Task<Void, Never>?>(nil)
    let nextRequestID = Atomic<UInt64>(0)
    let sleeper: PreciseSleeper

    /// A cluster whose node `i` is `networkIDs[i]` on `network`, persisting rows in `stores[i]`.
    public init(configuration: MultiPrimaryConfiguration, network: SimulatedNetwork, networkIDs: [NodeID], stores: [Store], sleeper: PreciseSleeper = .shared) throws(ReplicationError) {
        try configuration.validate()
        guard networkIDs.count == configuration.nodeCount, stores.count == configuration.nodeCount, Set(networkIDs).count == networkIDs.count else {
            throw ReplicationError(.invalidConfiguration, "need \(configuration.nodeCount) distinct network ids and stores")
        }
        self.configuration = configuration
        self.network = network
        self.sleeper = sleeper
        nodes = configuration.members.map { MultiPrimaryNode(id: $0, networkID: networkIDs[$0.rawValue], store: stores[$0.rawValue], configuration: configuration) }
    }

    deinit {
        timerTask.withLock { $0?.cancel() }
    }

    /// Starts the retransmission timer.
    public func start() {
        timerTask.withLock { task in
            guard task == nil else { return }
            task = Task { [weak self, sleeper, configuration] in
                var nextTickNanos = MonotonicClock.nowNanos()
                // The cluster is held only while a step runs, so dropping it without `shutdown()` ends the loop.
                while !Task.isCancelled, self?.tickAll() != nil {
                    nextTickNanos = max(nextTickNanos &+ configuration.tickIntervalNanos, MonotonicClock.nowNanos())
                    await sleeper.sleep(untilNanos: nextTickNanos)
                }
            }
        }
    }

    /// Stops the timer.
    public func shutdown() async {
        let task = timerTask.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// Writes `change` at `node` and returns the version it created (acknowledged locally; peers
    /// learn of it asynchronously). In sibling mode pass `context` = `RowVersion.context(of:)` of
    /// the versions you read and merged, so the write supersedes them.
    @discardableResult
    public func write(_ change: RowChange, at node: ReplicaID, context: VersionVector? = nil, from client: NodeID = .client) async throws(ReplicationError) -> RowVersion {
        let target = nodes[node.rawValue]
        let requestID = nextRequestID.add(1, ordering: .relaxed).newValue
        do {
            return try await network.call(from: client, to: target.networkID, kind: .multiPrimaryWrite) { () throws(ReplicationError) -> RowVersion in
                let result = target.handle(.write(requestID: requestID, change: change, context: context))
                self.send(result.sends, from: target)
                if let error = result.error { throw error }
                guard let version = result.written else { throw ReplicationError(.storage, "\(node) did not record the write") }
                return version
            }
        } catch {
            throw ReplicaSet<Store>.replicationError(from: error, action: "multi-primary write")
        }
    }

    /// The versions of `(table, key)` at `node` (several when siblings are kept), read from its store.
    public func read(table: String, key: String, at node: ReplicaID, from client: NodeID = .client) async throws(ReplicationError) -> [RowVersion] {
        let target = nodes[node.rawValue]
        do {
            return try await network.call(from: client, to: target.networkID, kind: .multiPrimaryRead) { () throws(ReplicationError) -> [RowVersion] in
                try target.storedVersions(of: RowKey(table: table, key: key))
            }
        } catch {
            throw ReplicaSet<Store>.replicationError(from: error, action: "multi-primary read")
        }
    }

    /// Every row `node` holds with its versions (from memory; no network).
    public func rows(at node: ReplicaID) -> [RowKey: [RowVersion]] { nodes[node.rawValue].rows }

    /// The store of `node`.
    public func store(of node: ReplicaID) -> Store { nodes[node.rawValue].store }

    /// Concurrent writes each node detected.
    public var conflictCountsByNode: [Int] { nodes.map(\.conflictCount) }

    /// Writes made at each node.
    public var localWriteCountsByNode: [Int] { nodes.map(\.localWriteCount) }

    /// Waits until every node's row states are acknowledged by every peer and all nodes hold the
    /// same rows; false if not within `timeoutNanos`.
    public func waitUntilConverged(timeoutNanos: UInt64) async -> Bool {
        let deadlineNanos = MonotonicClock.nowNanos() &+ timeoutNanos
        repeat {
            if nodes.allSatisfy({ $0.unacknowledgedCount == 0 }) {
                let reference = nodes[0].rows
                if nodes.dropFirst().allSatisfy({ $0.rows == reference }) { return true }
            }
            await sleeper.sleep(nanos: configuration.tickIntervalNanos)
        } while MonotonicClock.nowNanos() < deadlineNanos
        return false
    }

    /// Ticks every node (resending unacknowledged row states).
    private func tickAll() {
        for node in nodes { send(node.handle(.tick).sends, from: node) }
    }

    /// Ships each message in its own task; the receiver merges and answers with an acknowledgement.
    private func send(_ messages: [(ReplicaID, MultiPrimaryMessage)], from sender: MultiPrimaryNode<Store>) {
        for (destination, message) in messages {
            let receiver = nodes[destination.rawValue]
            let kind: MessageKind = if case .rowState = message { .multiPrimaryRowState } else { .multiPrimaryAcknowledge }
            Task {
                await network.send(from: sender.networkID, to: receiver.networkID, kind: kind) {
                    self.send(receiver.handle(.message(from: sender.id, message)).sends, from: receiver)
                }
            }
        }
    }
}

extension MultiPrimaryCluster where Store == SQLiteReplicaStore {
    /// A cluster on in-memory SQLite nodes; node `i` is network node `firstNode + i`.
    public static func inMemory(configuration: MultiPrimaryConfiguration, network: SimulatedNetwork, firstNode: Int = 0, name: String = "primary") throws(ReplicationError) -> MultiPrimaryCluster<SQLiteReplicaStore> {
        var stores: [SQLiteReplicaStore] = []
        for index in 0..<configuration.nodeCount { stores.append(try SQLiteReplicaStore.inMemory(name: "\(name)\(index)")) }
        return try MultiPrimaryCluster(
            configuration: configuration, network: network,
            networkIDs: (0..<configuration.nodeCount).map { NodeID(firstNode + $0) }, stores: stores
        )
    }
}
