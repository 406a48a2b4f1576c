/// A segment with its tombstones: which ordinals are deleted, and how the deletes change the
/// segment's statistics (documents, tokens, per-term document frequencies), so scoring after
/// deletes equals FTS5's, which removes deleted rows from its totals.
struct LiveSegment: Sendable {
    /// Stable id of the segment in the store (0 for one never persisted).
    var id: Int64
    let segment: Segment
    /// Bit per ordinal, set when deleted.
    private(set) var deletedWords: [UInt64]
    private(set) var deletedCount = 0
    private(set) var deletedTokens: UInt64 = 0
    /// Term id → deleted documents containing it.
    private(set) var deletedDocFrequency: [UInt32: UInt32] = [:]
    /// True once a tombstone changed since the store last saw this segment.
    var tombstonesDirty = false
    /// True once the segment itself is in the store.
    var isPersisted = false

    init(id: Int64, segment: Segment) {
        self.id = id
        self.segment = segment
        deletedWords = [UInt64](repeating: 0, count: (segment.documentCount + 63) / 64)
    }

    var liveCount: Int { segment.documentCount - deletedCount }
    var liveTokens: UInt64 { segment.totalTokens - deletedTokens }
    var hasDeletes: Bool { deletedCount > 0 }

    @inline(__always)
    func isDeleted(_ ordinal: Int) -> Bool {
        deletedWords[ordinal >> 6] >> UInt64(ordinal & 63) & 1 == 1
    }

    /// Marks `ordinal` deleted (no-op if it already is).
    mutating func delete(ordinal: Int) {
        guard !isDeleted(ordinal) else { return }
        deletedWords[ordinal >> 6] |= 1 << UInt64(ordinal & 63)
        deletedCount += 1
        deletedTokens += UInt64(segment.docLengths[ordinal])
        segment.forEachTerm(ofDocument: ordinal) { term, _ in deletedDocFrequency[term, default: 0] += 1 }
        tombstonesDirty = true
    }

    /// Live documents containing `term` (by local id).
    func liveDocFrequency(_ term: UInt32) -> UInt32 {
        segment.termDocFrequency[Int(term)] - (deletedDocFrequency[term] ?? 0)
    }

    /// The deleted ordinals, ascending (for the store).
    var deletedOrdinals: [UInt32] {
        (0..<segment.documentCount).filter { isDeleted($0) }.map { UInt32($0) }
    }
}
