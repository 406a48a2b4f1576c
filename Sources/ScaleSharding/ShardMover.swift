import ScaleSupport
import ScaleStorage
/// Moves a shard map to a new layout while the service keeps reading and writing through it.
///
/// 1. `beginMigration`: moving keys are read from their old owner and written to both owners.
/// 2. Copy: each source shard's rows are paged through in primary-key order; each page is read
///    and the rows that change owner are upserted into their new owner while writes to moving
///    keys wait (`withCopyExclusion`), so a copy never overwrites a newer write or brings back a
///    deleted row.
/// 3. `finishMigration`: the new layout serves; once nobody routes by the old one, the moved
///    rows are deleted from their old owners and nodes the layout dropped are detached.
/// On an error during the copy the map goes back to the old layout and the copies are deleted.
public struct ShardMover<P: Partitioner>: Sendable {
    public let map: ShardMap<P>
    public let tables: [ShardTable]
    /// Rows read per page (and the most a write to a moving key waits behind).
    public let batchSize: Int

    /// Pages through at most this many batches per shard and table before giving up.
    public static var maximumBatchesPerTable: Int { 10_000_000 }

    public init(map: ShardMap<P>, tables: [ShardTable], batchSize: Int = 256) throws {
        guard batchSize >= 1 else { throw ShardingError(.invalidArgument, "batchSize must be at least 1") }
        guard !tables.isEmpty else { throw ShardingError(.invalidArgument, "the mover needs at least one table") }
        self.map = map
        self.tables = tables
        self.batchSize = batchSize
    }

    /// Migrates the map to `target`, adding `addingNodes` for its new shards. With `onlyKeys`
    /// (key-column values), only rows with those keys are considered: a directory moving single
    /// keys then reads just those rows instead of whole tables.
    @discardableResult
    public func rebalance(
        to target: P, addingNodes: [ShardID: StorageNode] = [:], onlyKeys: [SQLValue]? = nil
    ) throws -> ShardMoveReport {
        let startNanos = MonotonicClock.nowNanos()
        guard case .stable(let old) = map.phase else {
            throw ShardingError(.migrationInProgress, "the map is already migrating")
        }
        guard let anyShard = old.shards.first, let sampleNode = map.node(anyShard) else {
            throw ShardingError(.missingNode, "the current layout has no node to read table shapes from")
        }
        let shapes = try tables.map { try ShardTableShape.load($0, from: sampleNode) }
        var report = ShardMoveReport()
        try map.beginMigration(to: target, addingNodes: addingNodes)
        do {
            for source in old.shards {
                for shape in shapes {
                    try copy(shape, from: source, old: old, target: target, onlyKeys: onlyKeys, into: &report)
                }
            }
        } catch {
            // Best effort: the copy's error is the one to report; leftover copies are never served.
            _ = try? map.abortMigration()
            for destination in target.shards {
                for shape in shapes {
                    _ = try? deleteRows(of: shape, on: destination, notOwnedUnder: old, onlyKeys: onlyKeys, into: &report)
                }
            }
            map.detachUnusedNodes()
            throw error
        }
        try map.finishMigration()
        for source in old.shards {
            for shape in shapes {
                try deleteRows(of: shape, on: source, notOwnedUnder: target, onlyKeys: onlyKeys, into: &report)
            }
        }
        report.detachedShards = map.detachUnusedNodes().keys.sorted()
        report.elapsedNanos = MonotonicClock.nowNanos() - startNanos
        return report
    }

    /// Copies the rows of `shape` on `source` that `old` places there and `target` elsewhere.
    private func copy(
        _ shape: ShardTableShape, from source: ShardID, old: P, target: P, onlyKeys: [SQLValue]?,
        into report: inout ShardMoveReport
    ) throws {
        let sourceNode = try node(source)
        var pages = RowPages(shape: shape, node: sourceNode, batchSize: batchSize, onlyKeys: onlyKeys)
        for _ in 0..<Self.maximumBatchesPerTable {
            let copied = try map.withCopyExclusion { () -> [ShardFlow: Int]? in
                guard let rows = try pages.next() else { return nil }
                let byDestination = shape.moving(rows, from: source, old: old, target: target)
                var flows: [ShardFlow: Int] = [:]
                for (destination, rows) in byDestination.sorted(by: { $0.key < $1.key }) {
                    try node(destination).write { connection in try shape.upsert(rows, on: connection) }
                    flows[ShardFlow(from: source, to: destination)] = rows.count
                }
                return flows
            }
            guard let copied else { return }
            report.recordBatch(copied)
        }
        throw ShardingError(.invalidArgument, "copying '\(shape.table.name)' from \(source) took over \(Self.maximumBatchesPerTable) batches")
    }

    /// Deletes the rows of `shape` on `shard` that `layout` places elsewhere.
    private func deleteRows(
        of shape: ShardTableShape, on shard: ShardID, notOwnedUnder layout: P, onlyKeys: [SQLValue]?,
        into report: inout ShardMoveReport
    ) throws {
        guard let shardNode = map.node(shard) else { return }
        var pages = RowPages(shape: shape, node: shardNode, batchSize: batchSize, onlyKeys: onlyKeys)
        for _ in 0..<Self.maximumBatchesPerTable {
            guard let rows = try pages.next() else { return }
            let doomed = shape.placedElsewhere(rows, than: shard, by: layout)
            guard !doomed.isEmpty else { continue }
            report.rowsDeleted += try shardNode.write { connection in try shape.delete(doomed, on: connection) }
        }
    }

    private func node(_ shard: ShardID) throws -> StorageNode {
        guard let node = map.node(shard) else { throw ShardingError(.missingNode, "\(shard) has no storage node") }
        return node
    }
}

/// Pages through a table on one node in primary-key order, or through the rows of given keys.
package struct RowPages {
    let shape: ShardTableShape
    let node: StorageNode
    let batchSize: Int
    var remainingKeys: ArraySlice<SQLValue>?
    var cursor: [SQLValue]?
    var isExhausted = false

    package init(shape: ShardTableShape, node: StorageNode, batchSize: Int, onlyKeys: [SQLValue]?) {
        self.shape = shape
        self.node = node
        self.batchSize = batchSize
        self.remainingKeys = onlyKeys.map { $0[...] }
    }

    /// The next page of rows, nil when done.
    package mutating func next() throws -> [[SQLValue]]? {
        guard !isExhausted else { return nil }
        if let keys = remainingKeys {
            guard !keys.isEmpty else { return nil }
            let page = keys.prefix(batchSize)
            remainingKeys = keys.dropFirst(page.count)
            let shape = shape
            return try node.read { connection in
                try page.flatMap { try shape.rows(withKey: $0, on: connection) }
            }
        }
        let shape = shape
        let cursor = cursor
        let limit = batchSize
        let rows = try node.read { connection in try shape.rows(after: cursor, limit: limit, on: connection) }
        isExhausted = rows.count < batchSize
        guard let last = rows.last else { return nil }
        self.cursor = shape.primaryKey(of: last)
        return rows
    }
}

/// What a rebalance did.
public struct ShardMoveReport: Sendable, Hashable {
    /// Rows upserted into new owners.
    public var rowsCopied = 0
    /// Rows deleted from old owners after the flip (or from new owners after an abort).
    public var rowsDeleted = 0
    /// Copy batches run.
    public var batches = 0
    /// Rows copied per source/destination pair.
    public var rowsCopiedByFlow: [ShardFlow: Int] = [:]
    /// Shards the new layout dropped, whose nodes were detached from the map.
    public var detachedShards: [ShardID] = []
    /// Wall time of the whole rebalance.
    public var elapsedNanos: UInt64 = 0

    public init() {}

    /// Counts one copy batch: rows copied per source/destination pair.
    public mutating func recordBatch(_ flows: [ShardFlow: Int]) {
        batches += 1
        for (flow, count) in flows {
            rowsCopied += count
            rowsCopiedByFlow[flow, default: 0] += count
        }
    }
}
