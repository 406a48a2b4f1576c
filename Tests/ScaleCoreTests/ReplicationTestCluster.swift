@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A thread-free replica set for protocol tests: state machines, a message queue it pumps by
/// hand (optionally reordering and dropping from a seeded generator), a coordinator, and per
/// node a dictionary "storage" with undo images so rollbacks can be checked.
struct ReplicationTestCluster {
    /// What travels: replication traffic, a coordinator command, or a request to the coordinator.
    enum Payload {
        case replication(ReplicationMessage)
        case command(ReplicaStateMachine.Event)
        case toCoordinator(FailoverCoordinator.Event)
    }

    struct InFlight {
        /// nil stands for the coordinator.
        var from: ReplicaID?
        var to: ReplicaID?
        var payload: Payload
    }

    var nodes: [ReplicaID: ReplicaStateMachine] = [:]
    var coordinator: FailoverCoordinator
    var queue: [InFlight] = []
    var down: Set<ReplicaID> = []
    var nowNanos: UInt64 = 1_000_000_000
    var rows: [ReplicaID: [RowKey: [UInt8]]] = [:]
    var undo: [ReplicaID: [LogPosition: [(RowKey, [UInt8]?)]]] = [:]
    var acknowledged: [UInt64: WriteReceipt] = [:]
    /// Key and value of each write submitted, by request id (tests write each key once).
    var submitted: [UInt64: (key: String, value: String)] = [:]
    var rejected: [UInt64: ReplicationError] = [:]
    var failovers: [FailoverRecord] = []
    var nextRequestID: UInt64 = 0
    var generator = SeededGenerator(seed: 1)
    /// Probability a message is dropped, and whether delivery order is shuffled.
    var dropProbability = 0.0
    var reorders = false
    /// Whether coordinator commands and requests also cross the (reordering, lossy) queue.
    var controlCrossesNetwork = false
    let members: [ReplicaID]

    init(count: Int, mode: ReplicationMode, seed: UInt64 = 1, tune: (inout ReplicaStateMachine.Configuration) -> Void = { _ in }) {
        members = (0..<count).map(ReplicaID.init)
        var configuration = ReplicaStateMachine.Configuration(members: members, mode: mode)
        tune(&configuration)
        for id in members {
            nodes[id] = ReplicaStateMachine(id: id, configuration: configuration)
            rows[id] = [:]
            undo[id] = [:]
        }
        coordinator = FailoverCoordinator(configuration: .init(members: members, initialPrimary: members[0]))
        generator = SeededGenerator(seed: seed)
    }

    func node(_ id: Int) -> ReplicaStateMachine { nodes[ReplicaID(id)]! }

    var primary: ReplicaID? { coordinator.primary }

    // MARK: driving

    /// Starts epoch 1 and lets the first appends settle.
    mutating func start() {
        runCoordinator(tickOnly: true)
        settle()
        runCoordinator()
    }

    mutating func handle(_ id: ReplicaID, _ event: ReplicaStateMachine.Event) {
        guard !down.contains(id), var machine = nodes[id] else { return }
        let actions = machine.handle(event, nowNanos: nowNanos)
        nodes[id] = machine
        perform(actions, at: id)
    }

    /// Submits a write to `id`; returns its request id.
    @discardableResult
    mutating func write(at id: ReplicaID, key: String, value: String, expectedEpoch: Epoch? = nil) -> UInt64 {
        nextRequestID += 1
        submitted[nextRequestID] = (key, value)
        handle(id, .write(requestID: nextRequestID, changes: [.upsert(table: "t", key: key, value: Array(value.utf8))], expectedEpoch: expectedEpoch))
        return nextRequestID
    }

    /// Delivers queued messages (in order, or shuffled) until none are left or `limit` is reached.
    mutating func settle(limit: Int = 100_000) {
        var delivered = 0
        while !queue.isEmpty, delivered < limit {
            let index = reorders ? Int(generator.next() % UInt64(queue.count)) : 0
            let message = queue.remove(at: index)
            delivered += 1
            if let to = message.to, down.contains(to) { continue }
            if let from = message.from, down.contains(from) { continue }
            if dropProbability > 0, generator.nextUnitDouble() < dropProbability { continue }
            switch (message.payload, message.from, message.to) {
            case (.replication(let replication), let from?, let to?):
                handle(to, .message(from: from, replication))
            case (.command(let event), _, let to?):
                handle(to, event)
            case (.toCoordinator(let event), _, nil):
                deliver(coordinator.handle(event, nowNanos: nowNanos))
            default:
                continue
            }
        }
    }

    /// Advances time by `nanos` and ticks every live node.
    mutating func advance(_ nanos: UInt64) {
        nowNanos += nanos
        for id in members { handle(id, .tick) }
    }

    /// Live nodes report to the coordinator, then it ticks; its commands are delivered directly.
    mutating func runCoordinator(tickOnly: Bool = false) {
        var commands: [FailoverCoordinator.Action] = []
        if !tickOnly {
            for id in members where !down.contains(id) {
                commands += coordinator.handle(.statusReport(nodes[id]!.status), nowNanos: nowNanos)
            }
        }
        commands += coordinator.handle(.tick, nowNanos: nowNanos)
        deliver(commands)
    }

    /// Delivers coordinator commands straight to live nodes (the control plane is reliable here).
    mutating func deliver(_ commands: [FailoverCoordinator.Action]) {
        for command in commands {
            if case .failedOver(let record) = command { failovers.append(record) }
            guard let delivery = command.command else { continue }
            if controlCrossesNetwork {
                queue.append(InFlight(from: nil, to: delivery.target, payload: .command(delivery.event)))
            } else {
                handle(delivery.target, delivery.event)
            }
        }
    }

    /// Runs time forward in steps, with coordinator rounds and message delivery, for `nanos`.
    mutating func run(for nanos: UInt64, step: UInt64 = 5_000_000) {
        var elapsed: UInt64 = 0
        while elapsed < nanos {
            advance(step)
            settle()
            runCoordinator()
            settle()
            elapsed += step
        }
    }

    // MARK: actions

    mutating func perform(_ actions: [ReplicaStateMachine.Action], at id: ReplicaID) {
        for action in actions {
            switch action {
            case .apply(let entries):
                for entry in entries { apply(entry, at: id) }
            case .rollBack(let entries):
                for entry in entries { rollBack(entry, at: id) }
            case .send(let to, let message):
                queue.append(InFlight(from: id, to: to, payload: .replication(message)))
            case .acknowledge(let requestID, let receipt):
                acknowledged[requestID] = receipt
            case .reject(let requestID, let error):
                rejected[requestID] = error
            case .discardLog(let through):
                undo[id] = undo[id]!.filter { $0.key > through }
            case .requestInSyncSet(let epoch, let members):
                let request = FailoverCoordinator.Event.inSyncSetRequest(from: id, epoch: epoch, members: members)
                if controlCrossesNetwork {
                    queue.append(InFlight(from: id, to: nil, payload: .toCoordinator(request)))
                } else {
                    deliver(coordinator.handle(request, nowNanos: nowNanos))
                }
            case .roleChanged, .inSyncSetChanged, .snapshotRequired:
                break
            }
        }
    }

    private mutating func apply(_ entry: LogEntry, at id: ReplicaID) {
        var images: [(RowKey, [UInt8]?)] = []
        for change in entry.changes {
            images.append((change.rowKey, rows[id]![change.rowKey]))
            rows[id]![change.rowKey] = change.value
        }
        undo[id]![entry.position] = images
    }

    private mutating func rollBack(_ entry: LogEntry, at id: ReplicaID) {
        let images = undo[id]![entry.position] ?? []
        for (row, previous) in images.reversed() { rows[id]![row] = previous }
        undo[id]![entry.position] = nil
    }

    /// Acknowledged writes whose value node `id` does not hold.
    func lostAcknowledgedWrites(on id: ReplicaID) -> Int {
        acknowledged.keys.filter { request in
            guard let write = submitted[request] else { return false }
            return value(write.key, at: id) != write.value
        }.count
    }

    /// Whether every node holds the same rows.
    var converged: Bool {
        let reference = rows[members[0]]!
        return members.allSatisfy { rows[$0]! == reference }
    }

    /// The value of `key` on node `id`, as a string.
    func value(_ key: String, at id: ReplicaID) -> String? {
        rows[id]![RowKey(table: "t", key: key)].map { String(decoding: $0, as: UTF8.self) }
    }
}

extension [ReplicaStateMachine.Action] {
    /// The append requests sent, by destination.
    var appends: [(to: ReplicaID, request: AppendRequest)] {
        compactMap { if case .send(let to, .append(let request)) = $0 { (to, request) } else { nil } }
    }

    /// The responses sent.
    var responses: [AppendResponse] {
        compactMap { if case .send(_, .appendResponse(let response)) = $0 { response } else { nil } }
    }

    var acknowledgedIDs: [UInt64] {
        compactMap { if case .acknowledge(let id, _) = $0 { id } else { nil } }
    }

    var rejections: [ReplicationError.Code] {
        compactMap { if case .reject(_, let error) = $0 { error.code } else { nil } }
    }

    var appliedPositions: [LogPosition] {
        flatMap { action -> [LogPosition] in
            if case .apply(let entries) = action { entries.map(\.position) } else { [] }
        }
    }

    var rolledBackPositions: [LogPosition] {
        flatMap { action -> [LogPosition] in
            if case .rollBack(let entries) = action { entries.map(\.position) } else { [] }
        }
    }
}

/// Builders for state-machine unit tests.
enum ReplicationFixtures {
    static let r0 = ReplicaID(0)
    static let r1 = ReplicaID(1)
    static let r2 = ReplicaID(2)
    static let farFutureNanos: UInt64 = 1 << 62

    static func configuration(_ mode: ReplicationMode, members: Int = 3) -> ReplicaStateMachine.Configuration {
        ReplicaStateMachine.Configuration(members: (0..<members).map(ReplicaID.init), mode: mode)
    }

    /// A node promoted to primary of epoch 1 at t=0 (its no-op sits at position 1).
    static func primary(_ mode: ReplicationMode, members: Int = 3) -> ReplicaStateMachine {
        var machine = ReplicaStateMachine(id: r0, configuration: configuration(mode, members: members))
        let inSync = (1..<members).map(ReplicaID.init)
        _ = machine.handle(.promote(epoch: Epoch(1), inSync: inSync, leaseUntilNanos: farFutureNanos), nowNanos: 0)
        return machine
    }

    static func write(_ id: UInt64, _ key: String = "k", epoch: Epoch? = nil) -> ReplicaStateMachine.Event {
        .write(requestID: id, changes: [.upsert(table: "t", key: key, value: [UInt8(truncatingIfNeeded: id)])], expectedEpoch: epoch)
    }

    static func accepted(_ position: UInt64, epoch: UInt64 = 1) -> ReplicationMessage {
        .appendResponse(AppendResponse(epoch: Epoch(epoch), outcome: .accepted(matchPosition: LogPosition(position))))
    }

    static func entry(_ position: UInt64, epoch: UInt64, key: String = "k") -> LogEntry {
        LogEntry(position: LogPosition(position), epoch: Epoch(epoch), changes: [.upsert(table: "t", key: key, value: [UInt8(truncatingIfNeeded: position)])], appendedNanos: 0)
    }

    static func append(epoch: UInt64, previous: UInt64, previousEpoch: UInt64, entries: [LogEntry], commit: UInt64 = 0) -> ReplicationMessage {
        .append(AppendRequest(epoch: Epoch(epoch), previousPosition: LogPosition(previous), previousEpoch: Epoch(previousEpoch), entries: entries, commitPosition: LogPosition(commit)))
    }
}
