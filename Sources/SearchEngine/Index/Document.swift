/// A document: its id and two texts indexed as ONE field (the title, a separator, the body),
/// exactly as the FTS5 peer indexes `title || ' ' || body`.
public struct Document: Sendable, Hashable {
    /// The caller's id; indexing an id again replaces the earlier document.
    public var id: UInt64
    /// The title.
    public var title: String
    /// The body.
    public var body: String

    /// A document with `id`, `title` and `body`.
    public init(id: UInt64, title: String, body: String) {
        self.id = id
        self.title = title
        self.body = body
    }
}

/// How query terms combine.
public enum SearchMode: String, Sendable, Hashable, CaseIterable {
    /// Any term (FTS5 `"a" OR "b"`).
    case or
    /// All terms (FTS5 `"a" AND "b"`).
    case and
}

/// One result: a document id and its BM25 score (FTS5's `-bm25()`, so larger is better).
public struct SearchHit: Sendable, Hashable {
    /// The document id.
    public var id: UInt64
    /// The BM25 score, positive.
    public var score: Double

    /// A hit for `id` with `score`.
    public init(id: UInt64, score: Double) {
        self.id = id
        self.score = score
    }
}
