import ScaleSupport
import ScaleStorage
/// The migration steps `ShardMover` takes; public for custom movers and tests. Each transition
/// returns once no operation admitted under the previous routing is still running.
extension ShardMap {
    /// Starts migrating to `target`, adding `addingNodes` for its new shards: moving keys are now
    /// read from their old owner and written to both.
    public func beginMigration(to target: P, addingNodes: [ShardID: StorageNode] = [:]) throws {
        let replacedEpoch = try state.withLock { state in
            if let taken = addingNodes.keys.first(where: { state.nodes[$0] != nil }) {
                throw ShardingError(.duplicateShard, "\(taken) already has a node")
            }
            let nodes = state.nodes.merging(addingNodes) { current, _ in current }
            try Self.checkNodes(for: target, in: nodes)
            try state.table.beginMigration(to: target)
            state.nodes = nodes
            return republishReadRouting(&state)
        }
        waitUntilDrained(readersOf: replacedEpoch)
    }

    /// Runs `body` (one batch copy) while no write to a moving key runs; such writes wait for it.
    @discardableResult
    public func withCopyExclusion<T>(_ body: () throws -> T) throws -> T {
        try state.withLock { try $0.table.beginCopy() }
        defer {
            state.withLock { $0.table.endCopy() }
            state.broadcast()
        }
        state.withLock(waitingUntil: { $0.table.canCopy }) { _ in }
        return try body()
    }

    /// Flips to the new layout. Afterwards nobody reads a moved key from its old owner.
    public func finishMigration() throws {
        let replacedEpoch = try state.withLock { state in
            try state.table.finishMigration()
            return republishReadRouting(&state)
        }
        waitUntilDrained(readersOf: replacedEpoch)
    }

    /// Returns to the old layout. Afterwards nobody reads or writes the new owners' copies.
    public func abortMigration() throws {
        let replacedEpoch = try state.withLock { state in
            try state.table.abortMigration()
            return republishReadRouting(&state)
        }
        waitUntilDrained(readersOf: replacedEpoch)
    }

    /// Removes and returns the nodes of shards the current layout no longer uses (stable only).
    @discardableResult
    public func detachUnusedNodes() -> [ShardID: StorageNode] {
        state.withLock { state in
            guard case .stable(let partitioner) = state.table.phase else { return [:] }
            let used = Set(partitioner.shards)
            let unused = state.nodes.filter { !used.contains($0.key) }
            for shard in unused.keys { state.nodes[shard] = nil }
            // Readers of the old snapshot may still hold a detached node: the caller closes it safely
            // only after they leave.
            readRouting.waitForReaders(of: republishReadRouting(&state))
            return unused
        }
    }

    /// Waits until no write or scatter admitted before the last transition runs, and no read
    /// routed by the snapshot of `replacedEpoch` does.
    private func waitUntilDrained(readersOf replacedEpoch: UInt64) {
        state.withLock(waitingUntil: { $0.table.isDrained }) { _ in }
        readRouting.waitForReaders(of: replacedEpoch)
    }
}
