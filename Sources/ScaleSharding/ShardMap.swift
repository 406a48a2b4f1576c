import ScaleSupport
import ScaleStorage
/// Routes keys to storage nodes by a partitioner, and migrates to a new layout while serving.
///
/// - `read(key) { conn in ... }` runs on the shard that serves the key.
/// - `write(key) { conn in ... }` runs in a write transaction on the key's owner; while the key
///   is moving it runs on the old owner, then on the new one (the body must do the same thing on
///   both: upserts, deletes and updates by key).
/// - `scatter { scan in ... }` reads every serving shard; `scan.serves(key)` tells which rows
///   a shard answers for, so a row that exists on two shards mid-move is served once.
///
/// Migrations (`ShardMover` drives them): stable(old) → migrating(old, new) → stable(new).
/// Don't call the map from inside its own closures. Sendable: state sits behind a lock.
///
/// Reads take no lock: they route by a `ReadRouting` snapshot that every change of phase or nodes
/// republishes (`EpochPublished`), and a transition waits for the readers of the snapshot it
/// replaced. Writes in a stable phase do the same (a migration's first step waits for them);
/// writes during a migration and scatters are admitted under the lock, since they may have to wait.
public final class ShardMap<P: Partitioner>: Sendable {
    struct State: Sendable {
        var table: RoutingTable<P>
        var nodes: [ShardID: StorageNode]
        /// Reads (slot 0) and stable-phase writes (slot 1) per shard, kept across routing
        /// snapshots; striped, so callers never share a line.
        var shardCounters: [ShardID: StripedCounters] = [:]
        /// Writes admitted under the lock (during migrations).
        var writes: [ShardID: Int] = [:]
    }

    let state: ConditionLocked<State>
    @usableFromInline let readRouting: EpochPublished<ReadRouting<P>>

    /// A map placing keys by `partitioner` on `nodes` (one per shard of the layout; more are kept for later).
    public init(partitioner: P, nodes: [ShardID: StorageNode]) throws {
        try Self.checkNodes(for: partitioner, in: nodes)
        var initial = State(table: RoutingTable(partitioner), nodes: nodes)
        readRouting = EpochPublished(Self.readRouting(for: &initial))
        state = ConditionLocked(initial)
    }

    /// The current routing phase.
    public var phase: RoutingPhase<P> { state.withLock { $0.table.phase } }
    /// Bumped at every transition.
    public var version: UInt64 { state.withLock { $0.table.version } }
    /// The layout keys are placed by (the new one during a migration).
    public var partitioner: P { phase.target }
    /// The nodes by shard.
    public var nodes: [ShardID: StorageNode] { state.withLock { $0.nodes } }
    /// The node of `shard`, if the map has one.
    public func node(_ shard: ShardID) -> StorageNode? { state.withLock { $0.nodes[shard] } }
    /// Where `key`'s reads and writes go right now.
    @inlinable
    public func route(for key: PartitionKey) -> ShardRoute {
        let admission = readRouting.enter()
        defer { readRouting.leave(admission) }
        return admission.withValue { $0.route(key) }
    }

    // MARK: serving

    /// Runs `body` on a read connection of the shard serving `key` (no lock: see the type's notes).
    @inlinable
    public func read<T>(_ key: PartitionKey, _ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        let admission = readRouting.enter()
        defer { readRouting.leave(admission) }
        let target = try admission.withValue { try $0.readTarget(for: key) }
        target.counters.add(1, at: RoutingTarget.readSlot, stripe: admission.stripe)
        return try target.node.read(body)
    }

    /// Runs `body` in a write transaction on the owner of `key`, and while the key moves also on
    /// its new owner; returns the first owner's result.
    /// Inlinable, so a caller's specialization routes without looking up generic metadata per write.
    @inlinable @discardableResult
    public func write<T>(_ key: PartitionKey, _ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        let admission = readRouting.enter()
        if let target = try stableWriteTarget(for: key, in: admission) {
            defer { readRouting.leave(admission) }
            target.counters.add(1, at: RoutingTarget.writeSlot, stripe: admission.stripe)
            return try target.node.write(body)
        }
        readRouting.leave(admission)
        return try writeWhileMigrating(key, body)
    }

    /// `key`'s only owner in `admission`'s snapshot, nil during a migration; a routing error
    /// leaves the admission before it is thrown.
    @inlinable
    func stableWriteTarget(for key: PartitionKey, in admission: EpochPublished<ReadRouting<P>>.Admission) throws -> RoutingTarget? {
        do {
            return try admission.withValue { try $0.stableWriteTarget(for: key) }
        } catch {
            readRouting.leave(admission)
            throw error
        }
    }

    /// A write admitted under the lock while a migration runs: on the old owner, then the new.
    @usableFromInline
    func writeWhileMigrating<T>(_ key: PartitionKey, _ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        let (ticket, nodes) = try admitWrite(key)
        defer { finish(ticket) }
        let result = try nodes.write.write(body)
        if let second = nodes.secondWrite { try second.write(body) }
        return result
    }

    /// Runs `body` once per serving shard (scatter), under one routing phase for the whole pass.
    public func scatter<T>(_ body: (ShardScan<P>) throws -> sending T) throws -> [(shard: ShardID, result: T)] {
        let (ticket, phase, nodes) = state.withLock { state -> (RoutingTable<P>.Ticket, RoutingPhase<P>, [(ShardID, StorageNode)]) in
            let ticket = state.table.admitScan()
            let shards = state.table.phase.readableShards
            let stripe = StripedCounters.currentStripe()
            for shard in shards { state.shardCounters[shard]?.add(1, at: RoutingTarget.readSlot, stripe: stripe) }
            return (ticket, state.table.phase, shards.compactMap { shard in state.nodes[shard].map { (shard, $0) } })
        }
        defer { finish(ticket) }
        var results: [(shard: ShardID, result: T)] = []
        for (shard, node) in nodes {
            let result = try node.read { connection in
                try body(ShardScan(shard: shard, connection: connection, phase: phase))
            }
            results.append((shard, result))
        }
        return results
    }

    /// Operations routed to each shard since the map was made (a double write counts on both).
    public func operationLoad() -> (reads: ShardLoad, writes: ShardLoad) {
        state.withLock { state in
            let shards = state.table.phase.allShards
            let reads = state.shardCounters.mapValues { Int(truncatingIfNeeded: $0.sum(at: RoutingTarget.readSlot)) }.filter { $0.value != 0 }
            var writes = state.writes
            for (shard, counters) in state.shardCounters {
                let stable = Int(truncatingIfNeeded: counters.sum(at: RoutingTarget.writeSlot))
                if stable != 0 { writes[shard, default: 0] += stable }
            }
            return (ShardLoad(counts: reads, shards: shards), ShardLoad(counts: writes, shards: shards))
        }
    }

    /// Rows of `table` on each node of the current layout (`SELECT count(*)`).
    public func rowLoad(table: String) throws -> ShardLoad {
        let shardNodes = state.withLock { state in state.table.phase.allShards.compactMap { shard in state.nodes[shard].map { (shard, $0) } } }
        var counts: [ShardID: Int] = [:]
        for (shard, node) in shardNodes {
            counts[shard] = try node.read { connection in
                Int(try connection.queryOne("SELECT count(*) FROM \(SQLIdentifier.quote(table))") { $0.int64(at: 0) } ?? 0)
            }
        }
        return ShardLoad(counts: counts)
    }

    // MARK: admission

    struct RouteNodes {
        var write: StorageNode
        var secondWrite: StorageNode?
    }

    private func admitWrite(_ key: PartitionKey) throws -> (RoutingTable<P>.Ticket, RouteNodes) {
        try state.withLock(waitingUntil: { !$0.table.mustWait(key, writing: true) }) { state in
            let (ticket, route) = state.table.admit(key, writing: true)
            // Every shard of either layout has a node (checked at init and beginMigration).
            let secondNode = route.secondWriteShard.flatMap { state.nodes[$0] }
            guard let writeNode = state.nodes[route.writeShard], (secondNode == nil) == (route.secondWriteShard == nil) else {
                _ = state.table.finish(ticket)
                throw ShardingError(.missingNode, "no storage node for \(route)")
            }
            state.writes[route.writeShard, default: 0] += 1
            if let second = route.secondWriteShard { state.writes[second, default: 0] += 1 }
            return (ticket, RouteNodes(write: writeNode, secondWrite: secondNode))
        }
    }

    private func finish(_ ticket: RoutingTable<P>.Ticket) {
        if state.withLock({ $0.table.finish(ticket) }) { state.broadcast() }
    }

    /// The snapshot readers route by, from `state` (adds read counters for new shards).
    static func readRouting(for state: inout State) -> ReadRouting<P> {
        var targets: [ShardID: RoutingTarget] = [:]
        for (shard, node) in state.nodes {
            let counter = state.shardCounters[shard] ?? StripedCounters(count: 2)
            state.shardCounters[shard] = counter
            targets[shard] = RoutingTarget(node: node, counters: counter)
        }
        return ReadRouting(phase: state.table.phase, shards: targets)
    }

    /// Republishes the read snapshot after `state` changed; returns the epoch it replaced (wait
    /// for its readers with `readRouting.waitForReaders(of:)`). Call holding the lock.
    func republishReadRouting(_ state: inout State) -> UInt64 {
        readRouting.publish(Self.readRouting(for: &state))
    }

    @usableFromInline
    static func missingNode(_ shard: ShardID) -> ShardingError {
        ShardingError(.missingNode, "no storage node for \(shard)")
    }

    static func checkNodes(for partitioner: P, in nodes: [ShardID: StorageNode]) throws {
        for shard in partitioner.shards where nodes[shard] == nil {
            throw ShardingError(.missingNode, "\(shard) of the \(partitioner.strategyName) layout has no storage node")
        }
    }
}

/// One shard's part of a scatter-gather read.
public struct ShardScan<P: Partitioner> {
    /// The shard being read.
    public let shard: ShardID
    /// A read connection of its node.
    public let connection: SQLiteConnection
    let phase: RoutingPhase<P>

    /// True when this shard answers for `key`: keep a row only if so, so no row is served twice.
    public func serves(_ key: PartitionKey) -> Bool {
        phase.route(key).readShard == shard
    }
}

@available(*, unavailable)
extension ShardScan: Sendable {}

/// A shard's node and its counters, reads and stable-phase writes (a class: one reference to
/// take per call, not two). Not nested in the generic `ReadRouting`: a nested class would be
/// generic too, and every routed call would look its metadata up at run time.
@usableFromInline
final class RoutingTarget: Sendable {
    @usableFromInline let node: StorageNode
    @usableFromInline let counters: StripedCounters

    /// The counter slots of reads, and of writes routed by a snapshot (stable phase).
    @usableFromInline static var readSlot: Int { 0 }
    @usableFromInline static var writeSlot: Int { 1 }

    init(node: StorageNode, counters: StripedCounters) {
        self.node = node
        self.counters = counters
    }
}

/// What reads route by: a phase and the node of every shard it may name. Immutable; a shard map
/// publishes a new one whenever its phase or nodes change.
@usableFromInline
final class ReadRouting<P: Partitioner>: Sendable {
    @usableFromInline let phase: RoutingPhase<P>
    @usableFromInline let shards: [ShardID: RoutingTarget]

    init(phase: RoutingPhase<P>, shards: [ShardID: RoutingTarget]) {
        self.phase = phase
        self.shards = shards
    }

    /// `key`'s route under this snapshot's phase.
    @inlinable
    func route(_ key: PartitionKey) -> ShardRoute {
        phase.route(key)
    }

    /// The node owning `key` when the phase is stable (its only owner); nil during a migration,
    /// when a write may have to wait and reach two owners.
    @inlinable
    func stableWriteTarget(for key: PartitionKey) throws -> RoutingTarget? {
        guard case .stable(let partitioner) = phase else { return nil }
        let shard = partitioner.shard(for: key)
        guard let target = shards[shard] else { throw ShardMap<P>.missingNode(shard) }
        return target
    }

    /// The node (and read counter) serving `key`.
    @inlinable
    func readTarget(for key: PartitionKey) throws -> RoutingTarget {
        let shard = phase.route(key).readShard
        guard let target = shards[shard] else { throw ShardMap<P>.missingNode(shard) }
        return target
    }
}
