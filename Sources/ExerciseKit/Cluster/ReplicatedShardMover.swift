import ScaleCore
import ScaleSharding

/// `ShardMover`'s steps over replicated shards, where every row change must go through a replica
/// set's primary and its log, and every wait is async:
/// 1. `beginMigration`, then drain: writes routed by the old layout finish; from now on a moving
///    key's write reaches both owners (the cluster's `write` does that under the write gate).
/// 2. Copy: each source primary's rows are paged in primary-key order; a page's moving rows are
///    upserted through the new owner's replica set while no write runs (the gate, taken alone),
///    so a copy never overwrites a newer write or brings back a deleted row.
/// 3. Every replica of the new owners applies the copies (a replica read after the flip finds them).
/// 4. `finishMigration`, drain reads and writes of the old layout, then the moved rows are deleted
///    from their old owners through their replica sets.
/// A failover of a source shard during the copy aborts the move: its rows were paged from the old
/// primary. On any error before the flip the map goes back to the old layout.
struct ReplicatedShardMover {
    let cluster: Cluster
    let shards: ClusterShards
    let tables: [ShardTable]
    /// Rows per copy page (and so the longest a write waits behind one page).
    let batchSize = 256

    func rebalance(to target: AnyPartitioner, adding newShard: ShardID, node: StorageNode) async throws -> ShardMoveReport {
        let startNanos = MonotonicClock.nowNanos()
        let map = shards.map
        guard case .stable(let old) = map.phase, let firstShard = old.shards.first else {
            throw ClusterError("a shard move is already under way")
        }
        let shapes = try tables.map { try ShardTableShape.load($0, from: try primaryNode(of: firstShard)) }
        let sourceEpochs = try old.shards.map { try cluster.replicaSet(serving: $0).epoch }
        var report = ShardMoveReport()
        try map.beginMigration(to: target, addingNodes: [newShard: node])
        await shards.writeGate.drain()
        do {
            for source in old.shards {
                for shape in shapes { try await copy(shape, from: source, old: old, target: target, into: &report) }
            }
            let epochsNow = try old.shards.map { try cluster.replicaSet(serving: $0).epoch }
            guard epochsNow == sourceEpochs else {
                throw ClusterError("a source shard failed over while its rows were copied; the move was rolled back: add the shard again")
            }
            for destination in target.shards { try await waitUntilApplied(on: destination) }
        } catch {
            // Best effort: the copy's error is the one to report; leftover copies are never served.
            _ = try? map.abortMigration()
            await shards.writeGate.drain()
            for destination in old.shards {
                for shape in shapes { _ = try? await deleteRows(of: shape, on: destination, notOwnedUnder: old, into: &report) }
            }
            map.detachUnusedNodes()
            throw error
        }
        try map.finishMigration()
        await shards.writeGate.drain()
        await shards.readGate.drain()
        for source in old.shards {
            for shape in shapes { try await deleteRows(of: shape, on: source, notOwnedUnder: target, into: &report) }
        }
        report.detachedShards = map.detachUnusedNodes().keys.sorted()
        report.elapsedNanos = MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())
        return report
    }

    /// Copies the rows of `shape` on `source` that `old` places there and `target` elsewhere.
    private func copy(
        _ shape: ShardTableShape, from source: ShardID, old: AnyPartitioner, target: AnyPartitioner,
        into report: inout ShardMoveReport
    ) async throws {
        var pages = RowPages(shape: shape, node: try primaryNode(of: source), batchSize: batchSize, onlyKeys: nil)
        while true {
            let copied = try await shards.writeGate.exclusive { () -> [ShardFlow: Int]? in
                guard let rows = try pages.next() else { return nil }
                var flows: [ShardFlow: Int] = [:]
                for (destination, rows) in shape.moving(rows, from: source, old: old, target: target).sorted(by: { $0.key < $1.key }) {
                    _ = try await cluster.replicaSet(serving: destination).execute { connection in try shape.upsert(rows, on: connection) }
                    flows[ShardFlow(from: source, to: destination)] = rows.count
                }
                return flows
            }
            guard let copied else { return }
            report.recordBatch(copied)
        }
    }

    /// Deletes, through `shard`'s replica set, the rows of `shape` that `layout` places elsewhere.
    private func deleteRows(
        of shape: ShardTableShape, on shard: ShardID, notOwnedUnder layout: AnyPartitioner, into report: inout ShardMoveReport
    ) async throws {
        let set = try cluster.replicaSet(serving: shard)
        var pages = RowPages(shape: shape, node: try primaryNode(of: shard), batchSize: batchSize, onlyKeys: nil)
        while let rows = try pages.next() {
            let doomed = shape.placedElsewhere(rows, than: shard, by: layout)
            guard !doomed.isEmpty else { continue }
            report.rowsDeleted += try await set.execute { connection in try shape.delete(doomed, on: connection) }.value
        }
    }

    /// Waits until every replica of `shard` that is on the network applied its primary's whole
    /// log as of now, so a replica read after the flip sees the copied rows.
    private func waitUntilApplied(on shard: ShardID) async throws {
        let set = try cluster.replicaSet(serving: shard)
        guard let primary = set.primary else { throw ClusterError("shard \(shard.rawValue) has no primary; the move was rolled back", code: .unavailable) }
        let wanted = set.status(of: primary).lastPosition
        let deadlineNanos = MonotonicClock.nowNanos() &+ 5 * cluster.configuration.failoverTimeoutNanos
        while MonotonicClock.nowNanos() < deadlineNanos {
            let down = cluster.network.faultState.downNodes
            let behind = (0..<cluster.configuration.replicaCount).map(ReplicaID.init).filter { replica in
                !down.contains(set.networkID(of: replica)) && set.status(of: replica).matchedPosition < wanted
            }
            if behind.isEmpty { return }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        throw ClusterError("the replicas of shard \(shard.rawValue) did not apply the copied rows in time; the move was rolled back")
    }

    /// The storage node of `shard`'s current primary (rows are paged from it directly).
    private func primaryNode(of shard: ShardID) throws -> StorageNode {
        let set = try cluster.replicaSet(serving: shard)
        guard let primary = set.primary else { throw ClusterError("shard \(shard.rawValue) has no primary; try the move again after its failover", code: .unavailable) }
        return set.store(of: primary).node
    }
}
