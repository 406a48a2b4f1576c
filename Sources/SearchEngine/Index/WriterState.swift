/// Everything a writer changes, kept under `SearchEngine.writer`'s lock.
struct WriterState {
    var options: SearchEngine.Options
    var store: SegmentStore?
    var buffer = IndexBuffer()
    let tokenizer = Unicode61Tokenizer()
    var segments: [LiveSegment] = []
    /// Where each live document is: a segment id and ordinal, or `bufferSegmentId` and a buffer ordinal.
    var locations: [UInt64: (segment: Int64, ordinal: UInt32)] = [:]
    var nextSegmentId: Int64 = 1
    /// The last log sequence number applied (persisted segments cover up to the log's cleared prefix).
    var lastLoggedSequence: Int64 = 0

    static let bufferSegmentId: Int64 = 0
    /// Unpersisted segments past this count get their smaller half merged at the next flush, so
    /// frequent refreshes (a search after every index) cannot pile up tiny segments.
    static let maxUnpersistedSegments = 8

    init(options: SearchEngine.Options, store: SegmentStore?) {
        self.options = options
        self.store = store
    }

    /// Adds `document` to the buffer, replacing any earlier version with its id.
    mutating func apply(index document: Document) throws {
        if locations[document.id] != nil { try apply(delete: document.id) }
        if buffer.documentCount >= options.maxBufferedDocuments { flushBuffer() }
        try buffer.add(document, tokenizer: tokenizer)
        locations[document.id] = (Self.bufferSegmentId, UInt32(buffer.documentCount - 1))
    }

    /// Tombstones `id`; false if no live document has it.
    @discardableResult
    mutating func apply(delete id: UInt64) throws -> Bool {
        guard var location = locations[id] else { return false }
        if location.segment == Self.bufferSegmentId {
            // A buffered document has no segment yet: flush, then tombstone it there.
            flushBuffer()
            guard let moved = locations[id] else { return false }
            location = moved
        }
        guard let index = segments.firstIndex(where: { $0.id == location.segment }) else {
            throw SearchEngineError(.corruptIndex, "document \(id) points at missing segment \(location.segment); reopen the index")
        }
        segments[index].delete(ordinal: Int(location.ordinal))
        locations[id] = nil
        return true
    }

    /// Turns the buffer into a new (not yet persisted) segment.
    mutating func flushBuffer() {
        guard !buffer.isEmpty else { return }
        let segment = buffer.build()
        let id = nextSegmentId
        nextSegmentId += 1
        for ordinal in 0..<segment.documentCount { locations[segment.docIds[ordinal]] = (id, UInt32(ordinal)) }
        segments.append(LiveSegment(id: id, segment: segment))
        buffer = IndexBuffer()
        mergeSmallUnpersistedSegments()
    }

    /// Merges the smaller half of the unpersisted segments into one. Their documents are still in
    /// the store's log (or there is no store), so this needs no transaction.
    mutating func mergeSmallUnpersistedSegments() {
        let unpersisted = segments.indices.filter { !segments[$0].isPersisted }
        guard unpersisted.count > Self.maxUnpersistedSegments else { return }
        let chosen = Set(unpersisted.sorted { segments[$0].liveCount < segments[$1].liveCount }.prefix(unpersisted.count / 2))
        let merged = SegmentMerger.merge(segments.indices.filter(chosen.contains).map { segments[$0] })
        segments = segments.indices.filter { !chosen.contains($0) }.map { segments[$0] }
        guard merged.documentCount > 0 else { return }
        let id = nextSegmentId
        nextSegmentId += 1
        for ordinal in 0..<merged.documentCount { locations[merged.docIds[ordinal]] = (id, UInt32(ordinal)) }
        segments.append(LiveSegment(id: id, segment: merged))
    }
}
