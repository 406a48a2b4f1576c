/// What a search returns besides its hits: how much work it did.
public struct SearchResult: Sendable, Hashable {
    /// The top hits, best first (ties by smaller id).
    public var hits: [SearchHit]
    /// Documents whose score was (at least partly) computed; pruning keeps this far below the matches.
    public var documentsScored: Int
}

extension SearchEngine {
    /// How a search walks the postings.
    public enum Strategy: Sendable, Hashable {
        /// MaxScore (OR) or block-max AND: the default.
        case pruned
        /// Score every matching document (for tests proving the pruning exact).
        case exhaustive
    }

    /// The top `k` documents for `query` under BM25 equal to FTS5's `bm25()`.
    ///
    /// The query is tokenized like the documents; an empty or separator-only query returns no
    /// hits. Pass `statistics` (for example summed over shards) to score with global figures
    /// instead of this engine's own.
    public func search(_ query: String, k: Int = 10, mode: SearchMode = .or, statistics: CollectionStatistics? = nil) throws -> [SearchHit] {
        try searchCounting(query, k: k, mode: mode, statistics: statistics).hits
    }

    /// `search`, also reporting the documents scored.
    public func searchCounting(
        _ query: String, k: Int = 10, mode: SearchMode = .or, statistics: CollectionStatistics? = nil, strategy: Strategy = .pruned
    ) throws -> SearchResult {
        guard (1...Self.maxResults).contains(k) else {
            throw SearchEngineError(.invalidResultCount, "k = \(k) is outside 1...\(Self.maxResults); ask for fewer results")
        }
        let tokens = try Self.queryTokens(query)
        guard !tokens.isEmpty else { return SearchResult(hits: [], documentsScored: 0) }
        refresh()
        let snapshot = published.withLock { $0 }
        let figures = statistics ?? snapshot.statistics(for: tokens)
        guard figures.documentCount > 0, figures.totalTokenCount > 0 else { return SearchResult(hits: [], documentsScored: 0) }
        let prepared = PreparedQuery(mode: mode, tokens: tokens, statistics: figures)
        var collector = TopKCollector(k: k)
        var scored = 0
        for live in snapshot.segments {
            scored += SegmentSearch.run(prepared, over: live, into: &collector, strategy: strategy == .pruned ? .pruned : .exhaustive)
        }
        return SearchResult(hits: collector.sortedHits(), documentsScored: scored)
    }

    /// This engine's statistics for the terms of `query`: what a distributed layer sums across
    /// shards and passes back as `statistics`.
    public func localStatistics(forQuery query: String) throws -> CollectionStatistics {
        let tokens = try Self.queryTokens(query)
        refresh()
        return published.withLock { $0 }.statistics(for: tokens)
    }

    /// The folded terms of `query`; throws past `maxQueryTerms`.
    public static func queryTokens(_ query: String) throws -> [String] {
        let tokens = Unicode61Tokenizer().tokens(of: query)
        guard tokens.count <= maxQueryTerms else {
            throw SearchEngineError(.tooManyQueryTerms, "the query has \(tokens.count) terms; at most \(maxQueryTerms) are accepted, shorten it")
        }
        return tokens
    }
}
