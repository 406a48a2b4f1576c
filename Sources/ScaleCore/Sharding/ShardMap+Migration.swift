/// The migration steps `ShardMover` takes; public for custom movers and tests. Each transition
/// returns once no operation admitted under the previous routing is still running.
extension ShardMap {
    /// Starts migrating to `target`, adding `addingNodes` for its new shards: moving keys are now
    /// read from their old owner and written to both.
    public func beginMigration(to target: P, addingNodes: [ShardID: StorageNode] = [:]) throws {
        try state.withLock { state in
            if let taken = addingNodes.keys.first(where: { state.nodes[$0] != nil }) {
                throw ShardingError(.duplicateShard, "\(taken) already has a node")
            }
            let nodes = state.nodes.merging(addingNodes) { current, _ in current }
            try Self.checkNodes(for: target, in: nodes)
            try state.table.beginMigration(to: target)
            state.nodes = nodes
        }
        waitUntilDrained()
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
        try state.withLock { try $0.table.finishMigration() }
        waitUntilDrained()
    }

    /// Returns to the old layout. Afterwards nobody reads or writes the new owners' copies.
    public func abortMigration() throws {
        try state.withLock { try $0.table.abortMigration() }
        waitUntilDrained()
    }

    /// Removes and returns the nodes of shards the current layout no longer uses (stable only).
    @discardableResult
    public func detachUnusedNodes() -> [ShardID: StorageNode] {
        state.withLock { state in
            guard case .stable(let partitioner) = state.table.phase else { return [:] }
            let used = Set(partitioner.shards)
            let unused = state.nodes.filter { !used.contains($0.key) }
            for shard in unused.keys { state.nodes[shard] = nil }
            return unused
        }
    }

    private func waitUntilDrained() {
        state.withLock(waitingUntil: { $0.table.isDrained }) { _ in }
    }
}
