import SearchEngine

/// Exercise 4: "Build the search behind a site with 500 million documents and 20,000 queries per
/// second at peak: results equal to what one big index would return, while documents keep arriving."
///
/// Documents are `SearchEngine.Document`s (id, title, body, indexed as one field); results are
/// `SearchHit`s scored by BM25 exactly as one `SearchEngine` holding every live document scores
/// them. Every method may be called concurrently from many clients.
public protocol SearchService: Sendable {
    /// Indexes `documents` (a document whose id was indexed before replaces it). Once this
    /// returns, every search sees them: there is no refresh interval to wait for.
    func index(_ documents: [Document]) async throws

    /// Deletes document `id`; false when no live document had it. Once this returns, no search
    /// returns it.
    func delete(id: UInt64) async throws -> Bool

    /// The `k` best documents for `query`, best first, ties by the smaller id: the same ids and
    /// scores (within 1e-9 relative) as one `SearchEngine` holding every live document would
    /// return for `search(query, k:, mode:)`. An empty or separator-only query returns no hits.
    /// A query past `SearchEngine.maxQueryTerms` terms, or `k` outside `1...SearchEngine.maxResults`,
    /// is refused with `SearchServiceError(.invalidQuery, …)` (the engine's own error passed
    /// through is accepted too).
    func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit]
}
