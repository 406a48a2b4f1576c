/// A query ready to score: its distinct terms, how often each appears (FTS5 scores a repeated
/// term once per occurrence), their IDFs, and the average length, all from one set of statistics.
struct PreparedQuery: Sendable {
    let mode: SearchMode
    /// Distinct folded terms, in first-appearance order.
    let terms: [String]
    /// For each term of the query as written, the index of its distinct term.
    let positions: [Int]
    let idf: [Double]
    /// Occurrences of each distinct term in the query.
    let multiplicity: [Double]
    let averageLength: Double

    init(mode: SearchMode, tokens: [String], statistics: CollectionStatistics) {
        self.mode = mode
        var terms: [String] = []
        var indexOf: [String: Int] = [:]
        var positions: [Int] = []
        for token in tokens {
            if let index = indexOf[token] {
                positions.append(index)
            } else {
                indexOf[token] = terms.count
                positions.append(terms.count)
                terms.append(token)
            }
        }
        self.terms = terms
        self.positions = positions
        var multiplicity = [Double](repeating: 0, count: terms.count)
        for position in positions { multiplicity[position] += 1 }
        self.multiplicity = multiplicity
        idf = terms.map { BM25.idf(documentCount: statistics.documentCount, documentFrequency: statistics.documentFrequencies[$0] ?? 0) }
        averageLength = statistics.averageDocumentLength
    }

    /// The score from per-distinct-term contributions, summed in the query's written order as FTS5 sums its phrases.
    @inline(__always)
    func score(_ contributions: UnsafeMutablePointer<Double>) -> Double {
        var total = 0.0
        for position in positions { total += contributions[position] }
        return total
    }

    /// One distinct term's contribution for a document.
    @inline(__always)
    func contribution(term: Int, frequency: UInt32, documentLength: UInt32) -> Double {
        BM25.termScore(idf: idf[term], frequency: Double(frequency), documentLength: Double(documentLength), averageLength: averageLength)
    }

    /// An upper bound on term `term`'s total contribution (all its occurrences) given a block's
    /// impacts. `exact` (one occurrence, one term) returns the block's best score itself, which
    /// the scoring loop reproduces bit for bit.
    func blockBound(term: Int, segment: SegmentView, block: Int, exact: Bool = false) -> Double {
        var best = 0.0
        for impact in Int(segment.blockImpactStart[block])..<Int(segment.blockImpactStart[block + 1]) {
            best = max(best, contribution(term: term, frequency: segment.impactFrequency[impact], documentLength: segment.impactLength[impact]))
        }
        if exact { return best }
        // Slack keeps the bound above the exact score whatever order its sums are rounded in.
        return best * multiplicity[term] * (1 + 1e-9)
    }
}
