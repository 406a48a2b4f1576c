import ScaleCore

/// Routed access to the cluster's shards: what a sharded design calls, learner and reference alike.
/// Every call crosses the simulated network to the one node that serves the key (delays, faults
/// and message counts apply) and runs the closure on its SQLite database there.
extension Cluster {
    /// The shard map every service instance over this cluster shares, built on first use: one shard
    /// per initial node, placed by `strategy` (nil: the configured `--partitioner`). Asking for a
    /// different strategy later is an error: the data is already placed.
    @discardableResult
    public func shardMap(_ strategy: PartitionStrategy? = nil) throws -> ShardMap<AnyPartitioner> {
        try shards(strategy).map
    }

    /// Reads `key`'s rows on the shard that serves it (the old owner until a move flips).
    /// On a replicated shard the replica `reads` picks (nil: `--set reads`) serves it; with
    /// `session`, never a state older than the session's own writes under `read-your-writes`.
    @inlinable
    public func read<T: Sendable>(
        _ key: PartitionKey, kind: MessageKind = .unnamed, from client: NodeID = .client, session: ClusterSession? = nil,
        reads: ClusterReads? = nil, _ body: (SQLiteConnection) throws -> sending T
    ) async throws -> T {
        try await routed(key, kind: kind, from: client, writing: false, session: session, reads: reads, body)
    }

    /// Writes `key`'s rows in one transaction on the shard that owns it (on both owners while the
    /// key moves, so a write during a reshard is never lost).
    /// On a replicated shard the primary runs it and its rows reach the replicas (acknowledged per
    /// `--replication`); if the primary changes mid-call the body may run again on the new one.
    @inlinable
    public func write<T: Sendable>(
        _ key: PartitionKey, kind: MessageKind = .unnamed, from client: NodeID = .client, session: ClusterSession? = nil,
        _ body: (SQLiteConnection) throws -> sending T
    ) async throws -> T {
        try await routed(key, kind: kind, from: client, writing: true, session: session, reads: nil, body)
    }

    /// Inlinable, so a design's call runs specialized for its result type: unspecialized, every
    /// call looked up generic metadata at run time.
    @inlinable
    func routed<T: Sendable>(
        _ key: PartitionKey, kind: MessageKind, from client: NodeID, writing: Bool, session: ClusterSession?,
        reads: ClusterReads?, _ body: (SQLiteConnection) throws -> sending T
    ) async throws -> T {
        let shards = try shards()
        if shardsAreReplicated {
            return try await replicated(key, shards: shards, writing: writing, session: session, reads: reads, client: client, body)
        }
        let route = shards.map.route(for: key)
        let node = try shards.node(of: writing ? route.writeShard : route.readShard)
        return try await network.call(from: client, to: node, kind: kind) {
            if writing { return try shards.map.write(key, body) }
            return try shards.map.read(key, body)
        }
    }

    /// Runs `body` on replicated shards: a write on the primary (of both owners while the key
    /// moves, old first), a read where the read policy says. The gates order it against a move.
    @usableFromInline
    func replicated<T: Sendable>(
        _ key: PartitionKey, shards: ClusterShards, writing: Bool, session: ClusterSession?, reads: ClusterReads?,
        client: NodeID, _ body: (SQLiteConnection) throws -> sending T
    ) async throws -> T {
        guard writing else {
            return try await shards.readGate.shared {
                let shard = shards.map.route(for: key).readShard
                return try await Self.replicaRead(try replicaSet(serving: shard), session: session?.token(for: shard), policy: reads?.policy, client: client, body)
            }
        }
        return try await shards.writeGate.shared {
            let route = shards.map.route(for: key)
            let written = try await replicaSet(serving: route.writeShard).execute(from: client) { connection in try body(connection) }
            session?.record(written.receipt, on: route.writeShard)
            if let newOwner = route.secondWriteShard {
                let copied = try await replicaSet(serving: newOwner).execute(from: client) { connection in try body(connection) }
                session?.record(copied.receipt, on: newOwner)
            }
            return written.value
        }
    }

    /// The replica set of `shard`; an error if the layout names a shard without one.
    func replicaSet(serving shard: ShardID) throws -> ReplicaSet<SQLiteChangesetStore> {
        guard let set = replicaSet(of: shard) else { throw ClusterError("shard \(shard.rawValue) has no replica set") }
        return set
    }

    /// Reads on the replica the set's policy picks; errors of `body` come back unchanged.
    static func replicaRead<T: Sendable>(
        _ set: ReplicaSet<SQLiteChangesetStore>, session: SessionToken?, policy: ReplicaReadPolicy? = nil, client: NodeID,
        _ body: (SQLiteConnection) throws -> sending T
    ) async throws -> T {
        let read = try await set.read(session: session, policy: policy, from: client) { store throws(ReplicationError) -> Result<T, any Error> in
            do { return .success(try store.node.read(body)) } catch { return .failure(error) }
        }
        return try read.value.get()
    }

    /// Asks every serving shard at once (scatter-gather, one call each) and gathers the rows; a row
    /// is kept only from the shard that serves `keyOf(row)`, so a row being moved is not seen twice.
    /// A layout change during the scatter makes it ask once more.
    public func scatter<Row: Sendable>(
        kind: MessageKind = .unnamed, from client: NodeID = .client,
        keyOf: @escaping @Sendable (Row) -> PartitionKey,
        _ body: @escaping @Sendable (SQLiteConnection) throws -> sending [Row]
    ) async throws -> [Row] {
        let shards = try shards()
        return try await shards.readGate.shared { try await gather(shards, kind: kind, from: client, keyOf: keyOf, body) }
    }

    /// One scatter-gather over the readable shards, asked again if the layout changed meanwhile.
    private func gather<Row: Sendable>(
        _ shards: ClusterShards, kind: MessageKind, from client: NodeID,
        keyOf: @escaping @Sendable (Row) -> PartitionKey,
        _ body: @escaping @Sendable (SQLiteConnection) throws -> sending [Row]
    ) async throws -> [Row] {
        var rows: [Row] = []
        for _ in 0..<2 {
            let versionBefore = shards.map.version
            let phase = shards.map.phase
            rows = try await withThrowingTaskGroup(of: [Row].self) { group in
                for shard in phase.readableShards {
                    guard let storage = shards.map.node(shard) else { continue }
                    let node = try shards.node(of: shard)
                    if let set = replicaSet(of: shard) {
                        group.addTask {
                            try await Self.replicaRead(set, session: nil, client: client, body).filter { phase.route(keyOf($0)).readShard == shard }
                        }
                        continue
                    }
                    group.addTask { [network] in
                        let found = try await network.call(from: client, to: node, kind: kind) { try storage.read(body) }
                        return found.filter { phase.route(keyOf($0)).readShard == shard }
                    }
                }
                var all: [Row] = []
                for try await found in group { all += found }
                return all
            }
            if shards.map.version == versionBefore { break }
        }
        return rows
    }

    /// Adds one shard while serving: provisions its node (a replica set of `--replicas` nodes),
    /// copies the rows of `tables` that the new layout places on it (reads keep going to the old
    /// owner until the flip), then switches. Writes meanwhile reach both owners; none is lost.
    @discardableResult
    public func addShard(moving tables: [ShardTable]) async throws -> ShardMoveReport {
        let shards = try shards()
        guard shards.resharding.withLock({ busy in
            defer { busy = true }
            return !busy
        }) else {
            throw ClusterError("a shard is already being added to this cluster; wait for it to finish", code: .unavailable)
        }
        defer { shards.resharding.withLock { $0 = false } }
        let shard = shards.nextShard
        if shardsAreReplicated { return try await addReplicatedShard(shard, moving: tables, shards: shards) }
        let nodeID = try addNode()
        shards.place(shard, on: nodeID)
        let target = try shards.map.partitioner.adding(shard)
        return try ShardMover(map: shards.map, tables: tables).rebalance(to: target, addingNodes: [shard: node(nodeID)])
    }

    /// `addShard` when shards are replica sets: a new set, then the move through replicated writes.
    private func addReplicatedShard(_ shard: ShardID, moving tables: [ShardTable], shards: ClusterShards) async throws -> ShardMoveReport {
        let members = try (0..<configuration.replicaCount).map { _ in try addNode() }
        do {
            try await startReplicaSet(of: shard, on: members)
            shards.place(shard, on: members[0])
            let target = try shards.map.partitioner.adding(shard)
            return try await ReplicatedShardMover(cluster: self, shards: shards, tables: tables).rebalance(to: target, adding: shard, node: node(members[0]))
        } catch {
            // A move that failed before its flip left no trace in the layout: drop the new set.
            if !shards.map.phase.target.shards.contains(shard) {
                shards.unplace(shard)
                await removeReplicaSet(of: shard)
            }
            throw error
        }
    }

    /// The shared layout, built on first use.
    @usableFromInline
    func shards(_ requested: PartitionStrategy? = nil) throws -> ClusterShards {
        // Built once and never replaced: every routed call after the first reads it without the lock.
        if requested == nil, let built = builtShards.load() { return built }
        let shards = try sharedShards.withLock { existing in
            if let existing {
                if let requested, requested != existing.strategy {
                    throw ClusterError("this cluster's shards are placed by \(existing.strategy.rawValue); a design cannot switch to \(requested.rawValue) over the same data")
                }
                return existing
            }
            guard let strategy = requested ?? PartitionStrategy(rawValue: configuration.partitioner) else {
                throw ClusterError("unknown partitioner '\(configuration.partitioner)'; use one of \(PartitionStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let shardIDs = ShardID.range(configuration.shardCount)
            let placement = Dictionary(uniqueKeysWithValues: shardIDs.map { ($0, initialNodes(ofShard: $0.rawValue)[0]) })
            let partitioner = try AnyPartitioner(
                strategy, shards: shardIDs, virtualNodeCount: configuration.virtualNodeCount,
                rangeKeyOrderGroups: configuration.rangeKeyOrderGroups
            )
            let map = try ShardMap(partitioner: partitioner, nodes: placement.mapValues { node($0) })
            let built = ClusterShards(map: map, strategy: strategy, nodeOfShard: placement)
            existing = built
            return built
        }
        return builtShards.storeIfNil(shards)
    }
}
