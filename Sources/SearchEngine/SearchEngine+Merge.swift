extension SearchEngine {
    /// Commits, then merges every segment into one without deleted documents, replacing them in
    /// the store in one transaction. Blocks writers while it runs; searches continue on the old
    /// snapshot until the merged one is published.
    public func merge() throws {
        try writer.withLock { state in
            try commit(&state)
            guard state.segments.count > 1 || state.segments.contains(where: \.hasDeletes) else { return }
            let merged = LiveSegment(id: state.nextSegmentId, segment: SegmentMerger.merge(state.segments))
            if let store = state.store {
                try store.replace(state.segments.map(\.id), with: merged, crashPoint: state.options.crashPoint)
            }
            state.nextSegmentId += 1
            var installed = merged
            installed.isPersisted = state.store != nil
            state.segments = installed.segment.documentCount > 0 ? [installed] : []
            for ordinal in 0..<merged.segment.documentCount {
                state.locations[merged.segment.docIds[ordinal]] = (merged.id, UInt32(ordinal))
            }
            publish(state)
        }
    }
}
