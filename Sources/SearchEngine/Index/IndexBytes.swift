/// Bytes an index holds in memory, by part.
public struct IndexBytes: Sendable, Hashable {
    /// Block postings with their skip data (last documents, offsets) and impacts, plus per-term block ranges.
    public var postings: Int
    /// The term dictionary (term bytes, offsets, hash table).
    public var dictionary: Int
    /// Per document: the id and the length in tokens.
    public var documents: Int
    /// Per document: its (term, frequency) list, which makes deletes adjust statistics exactly and merges cheap.
    public var forwardLists: Int
    /// The id → (segment, ordinal) map deletes and replacements look documents up in (estimated from its capacity).
    public var idMap: Int = 0

    /// All parts.
    public var total: Int { postings + dictionary + documents + forwardLists + idMap }

    /// Zero bytes.
    public static let zero = IndexBytes(postings: 0, dictionary: 0, documents: 0, forwardLists: 0)

    /// Part-wise sum.
    public static func + (a: IndexBytes, b: IndexBytes) -> IndexBytes {
        IndexBytes(
            postings: a.postings + b.postings, dictionary: a.dictionary + b.dictionary, documents: a.documents + b.documents,
            forwardLists: a.forwardLists + b.forwardLists, idMap: a.idMap + b.idMap
        )
    }
}
