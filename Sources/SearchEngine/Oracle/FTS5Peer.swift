import CSQLite

/// SQLite FTS5 over the same documents and queries: the oracle the engine's results must equal
/// and the peer its speed is quoted against. One field (`title || ' ' || body`), tokenizer
/// `unicode61`, ranked by `bm25()` with ties by rowid. Query terms are the engine's tokens, each
/// quoted and passed as a bound parameter, so no query text reaches SQL or the FTS5 syntax.
///
/// Not thread-safe: one connection, used by one thread at a time.
public final class FTS5Peer {
    private let database: SQLiteDatabase
    private let tokenizer = Unicode61Tokenizer()
    private let insert: SQLiteQuery
    private let remove: SQLiteQuery
    private let select: SQLiteQuery

    /// Opens a peer at `path` (":memory:" by default). `storesContent: false` makes a contentless
    /// table (index only, like the engine), which cannot delete rows.
    public init(path: String = ":memory:", storesContent: Bool = true) throws {
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        let content = storesContent ? "" : ", content=''"
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(text, tokenize='unicode61'\(content))")
        insert = try database.prepare("INSERT INTO docs(rowid, text) VALUES (?1, ?2)")
        remove = try database.prepare("DELETE FROM docs WHERE rowid = ?1")
        select = try database.prepare("SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs), rowid LIMIT ?2")
    }

    /// Indexes `documents` in one transaction (ids must be below 2^63: they are FTS5 rowids).
    public func index(_ documents: [Document]) throws {
        try database.transaction {
            for document in documents {
                insert.bind(Int64(bitPattern: document.id), at: 1)
                insert.bind(document.title + " " + document.body, at: 2)
                try insert.run()
            }
        }
    }

    /// Deletes document `id` (content-storing peers only).
    public func delete(id: UInt64) throws {
        remove.bind(Int64(bitPattern: id), at: 1)
        try remove.run()
    }

    /// The top `k` hits for `query`, best first, with FTS5's scores negated (larger is better).
    public func search(_ query: String, k: Int, mode: SearchMode) throws -> [SearchHit] {
        let tokens = tokenizer.tokens(of: query)
        guard !tokens.isEmpty else { return [] }
        select.bind(Self.matchExpression(tokens: tokens, mode: mode), at: 1)
        select.bind(Int64(k), at: 2)
        defer { select.reset() }
        var hits: [SearchHit] = []
        while try select.step() {
            hits.append(SearchHit(id: UInt64(bitPattern: select.int64(0)), score: -select.double(1)))
        }
        return hits
    }

    /// The FTS5 query for `tokens`: each a quoted string (inner quotes doubled), joined by OR or AND.
    public static func matchExpression(tokens: [String], mode: SearchMode) -> String {
        let quoted = tokens.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return quoted.joined(separator: mode == .or ? " OR " : " AND ")
    }

    /// Bytes of the whole database (index, and text if stored).
    public func byteCount() throws -> Int {
        let pages = try database.prepare("PRAGMA page_count")
        let size = try database.prepare("PRAGMA page_size")
        _ = try pages.step()
        _ = try size.step()
        return Int(pages.int64(0) * size.int64(0))
    }
}

extension String {
    /// `self` with every `target` replaced (kept here so the target needs no Foundation).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
