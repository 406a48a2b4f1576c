/// Runs a prepared query over one live segment into a shared top-k collector, counting the
/// documents it scored. `.pruned` is MaxScore (OR) or block-max AND; `.exhaustive` scores every
/// matching document and exists to prove the pruning changes nothing.
struct SegmentSearch {
    enum Strategy { case pruned, exhaustive }

    let query: PreparedQuery
    let live: LiveSegment
    let view: SegmentView
    /// Tombstone words, or nil when the segment has no deletes; points into `live`.
    let deleted: UnsafePointer<UInt64>?
    /// The distinct query terms present in this segment: (distinct-term index, local term id).
    private let present: [(term: Int, local: UInt32)]
    /// One term, written once, over ids ascending: block bounds are exact scores and ties at the
    /// threshold cannot enter, so a block whose best equals the k-th score is skipped too.
    let exactBounds: Bool

    private init(query: PreparedQuery, live: LiveSegment, deleted: UnsafePointer<UInt64>?) {
        self.query = query
        self.live = live
        self.deleted = deleted
        view = SegmentView(live.segment)
        present = query.terms.enumerated().compactMap { index, term in
            live.segment.terms.id(of: term).map { (index, $0) }
        }
        exactBounds = present.count == 1 && query.multiplicity[present[0].term] == 1 && live.segment.idsAscending
    }

    /// Scores `query` over `live` into `collector`; returns documents scored.
    static func run(_ query: PreparedQuery, over live: LiveSegment, into collector: inout TopKCollector, strategy: Strategy) -> Int {
        withExtendedLifetime(live.segment) {
            live.deletedWords.withUnsafeBufferPointer { words in
                let deleted = live.hasDeletes ? words.baseAddress : nil
                return SegmentSearch(query: query, live: live, deleted: deleted).run(into: &collector, strategy: strategy)
            }
        }
    }

    /// True if no document from `doc` on, each bounded by `bound`, can enter the top k.
    @inline(__always)
    func isHopeless(_ bound: Double, from doc: UInt32, _ collector: TopKCollector) -> Bool {
        guard exactBounds else { return !Self.canReach(bound, collector.threshold) }
        return bound < collector.threshold || (bound == collector.threshold && view.docIds[Int(doc)] > collector.worstId)
    }

    /// True if ordinal `doc` is deleted.
    @inline(__always)
    func isDeleted(_ doc: UInt32) -> Bool {
        guard let deleted else { return false }
        return deleted[Int(doc &>> 6)] &>> UInt64(doc & 63) & 1 == 1
    }

    private func run(into collector: inout TopKCollector, strategy: Strategy) -> Int {
        if present.isEmpty { return 0 }
        if query.mode == .and, present.count < query.terms.count { return 0 }
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: present.count * 2 * PostingsLayout.blockSize)
        let contributions = UnsafeMutablePointer<Double>.allocate(capacity: query.terms.count)
        contributions.initialize(repeating: 0, count: query.terms.count)
        defer {
            scratch.deallocate()
            contributions.deallocate()
        }
        var cursors = present.enumerated().map { slot, entry in
            PostingsCursor(segment: view, term: entry.local, scratch: scratch + slot * 2 * PostingsLayout.blockSize)
        }
        let terms = present.map(\.term)
        return cursors.withUnsafeMutableBufferPointer { cursors in
            switch (strategy, query.mode) {
            case (.exhaustive, _):
                return exhaustive(cursors, terms, contributions, &collector)
            case (.pruned, .or):
                return maxScore(cursors, terms, contributions, &collector)
            case (.pruned, .and):
                return blockMaxConjunction(cursors, terms, contributions, &collector)
            }
        }
    }

    /// Offers document `doc` whose contributions are filled in; clears them after.
    @inline(__always)
    func collect(
        _ doc: UInt32, _ contributions: UnsafeMutablePointer<Double>, _ terms: [Int], _ collector: inout TopKCollector
    ) {
        _ = collector.offer(score: query.score(contributions), id: view.docIds[Int(doc)])
        for term in terms { contributions[term] = 0 }
    }

    @inline(__always)
    func contribution(_ cursor: PostingsCursor, term: Int) -> Double {
        query.contribution(term: term, frequency: cursor.frequency, documentLength: view.docLengths[Int(cursor.doc)])
    }

    private func exhaustive(
        _ cursors: UnsafeMutableBufferPointer<PostingsCursor>, _ terms: [Int], _ contributions: UnsafeMutablePointer<Double>,
        _ collector: inout TopKCollector
    ) -> Int {
        var scored = 0
        while true {
            var doc = PostingsCursor.exhausted
            for cursor in cursors { doc = min(doc, cursor.doc) }
            if doc == PostingsCursor.exhausted { return scored }
            var matched = 0
            for index in cursors.indices where cursors[index].doc == doc {
                contributions[terms[index]] = contribution(cursors[index], term: terms[index])
                matched += 1
                cursors[index].next()
            }
            let qualifies = query.mode == .or || matched == cursors.count
            if qualifies, !isDeleted(doc) {
                scored += 1
                collect(doc, contributions, terms, &collector)
            } else {
                for term in terms { contributions[term] = 0 }
            }
        }
    }
}
