/// What a search reads: the live segments and the collection totals, published as one value
/// after every change, so searches run without holding the writer's lock.
struct IndexSnapshot: Sendable {
    var segments: [LiveSegment] = []

    var documentCount: UInt64 { segments.reduce(0) { $0 + UInt64($1.liveCount) } }
    var totalTokenCount: UInt64 { segments.reduce(0) { $0 + $1.liveTokens } }

    /// This index's own statistics for `terms`.
    func statistics(for terms: [String]) -> CollectionStatistics {
        var frequencies: [String: UInt64] = [:]
        for term in terms where frequencies[term] == nil {
            var total: UInt64 = 0
            for live in segments {
                if let local = live.segment.terms.id(of: term) { total += UInt64(live.liveDocFrequency(local)) }
            }
            frequencies[term] = total
        }
        return CollectionStatistics(documentCount: documentCount, totalTokenCount: totalTokenCount, documentFrequencies: frequencies)
    }
}
