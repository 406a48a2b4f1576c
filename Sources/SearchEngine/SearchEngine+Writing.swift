extension SearchEngine {
    /// Indexes `documents` (an id seen before replaces its document). With a store, they are
    /// logged durably before this returns: that is the acknowledgement.
    public func index(_ documents: [Document]) throws {
        try writer.withLock { state in
            if let store = state.store, !documents.isEmpty {
                state.lastLoggedSequence = try store.log(documents.map { .index($0) })
            }
            for document in documents { try state.apply(index: document) }
        }
    }

    /// Indexes one document (see `index(_:)` for batches, which log in one transaction).
    public func index(_ document: Document) throws {
        try index([document])
    }

    /// Deletes document `id`; false if no live document had it. Logged durably before it returns.
    @discardableResult
    public func delete(id: UInt64) throws -> Bool {
        try writer.withLock { state in
            guard state.locations[id] != nil else { return false }
            if let store = state.store { state.lastLoggedSequence = try store.log([.delete(id)]) }
            let deleted = try state.apply(delete: id)
            publish(state)
            return deleted
        }
    }

    /// Makes every indexed document searchable (flushes the buffer into an in-memory segment).
    public func refresh() {
        writer.withLock { state in
            guard !state.buffer.isEmpty else { return }
            state.flushBuffer()
            publish(state)
        }
    }

    /// Flushes the buffer and persists new segments and tombstones in one transaction, clearing
    /// the log they cover. A no-op without a store beyond the flush.
    public func commit() throws {
        try writer.withLock { state in try commit(&state) }
    }

    func commit(_ state: inout WriterState) throws {
        state.flushBuffer()
        publish(state)
        guard let store = state.store else { return }
        try store.commit(state.segments, clearingLogThrough: state.lastLoggedSequence, crashPoint: state.options.crashPoint)
        for index in state.segments.indices {
            state.segments[index].isPersisted = true
            state.segments[index].tombstonesDirty = false
        }
    }

    /// Publishes the writer's segments for searches.
    func publish(_ state: WriterState) {
        let snapshot = IndexSnapshot(segments: state.segments)
        published.withLock { $0 = snapshot }
    }
}

extension WriterState {
    /// Loads the store's segments, rebuilds the id map, then replays the log on top.
    mutating func load() throws {
        guard let store else { return }
        segments = try store.loadSegments()
        for live in segments {
            for ordinal in 0..<live.segment.documentCount where !live.isDeleted(ordinal) {
                locations[live.segment.docIds[ordinal]] = (live.id, UInt32(ordinal))
            }
            nextSegmentId = max(nextSegmentId, live.id + 1)
        }
        for (sequence, operation) in try store.loadLog() {
            switch operation {
            case .index(let document): try apply(index: document)
            case .delete(let id): try apply(delete: id)
            }
            lastLoggedSequence = sequence
        }
        flushBuffer()
    }
}
