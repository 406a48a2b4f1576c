import SearchEngine

/// The specification's answers: one `SearchEngine` holding every live document, as the
/// exercise promises the sharded service answers.
public struct SearchOracle: Sendable {
    /// Relative tolerance on scores: a sharded design may add its figures in another order.
    public static let relativeTolerance = 1e-9

    let engine: SearchEngine

    /// An in-memory engine holding `documents` (indexed in id order).
    public init(documents: some Sequence<Document>) throws {
        engine = SearchEngine()
        try engine.index(documents.sorted { $0.id < $1.id })
    }

    /// The single-node engine's top `k`; throws the engine's own refusal for a bad request.
    public func search(_ query: String, k: Int, mode: SearchMode) throws -> [SearchHit] {
        try engine.search(query, k: k, mode: mode)
    }

    /// Every matching document with its score, best first (for judging near-ties).
    public func ranking(_ query: String, mode: SearchMode) throws -> [SearchHit] {
        try engine.search(query, k: max(1, min(SearchEngine.maxResults, engine.documentCount)), mode: mode)
    }

    /// Why `observed` is not the single-node top `k` for `query`, or nil when it is: the same
    /// count, at each position a matching document whose true score equals that position's
    /// (within `relativeTolerance`), the score it reports equal to its true one, no id twice, and
    /// exactly equal scores ordered by the smaller id.
    public func mismatch(_ observed: [SearchHit], query: String, k: Int, mode: SearchMode) throws -> String? {
        let ranking = try ranking(query, mode: mode)
        let expected = Array(ranking.prefix(k))
        let trueScores = Dictionary(uniqueKeysWithValues: ranking.map { ($0.id, $0.score) })
        guard observed.count == expected.count else {
            return "returned \(observed.count) hits, one index returns \(expected.count)"
        }
        var seen = Set<UInt64>()
        for (position, hit) in observed.enumerated() {
            guard seen.insert(hit.id).inserted else { return "returned id \(hit.id) twice" }
            guard let trueScore = trueScores[hit.id] else {
                return "hit \(position + 1), id \(hit.id), is no live document matching the query"
            }
            guard Self.close(hit.score, trueScore) else {
                return "hit \(position + 1), id \(hit.id), scored \(hit.score); one index scores it \(trueScore)"
            }
            let wanted = expected[position]
            guard Self.close(trueScore, wanted.score) else {
                return "hit \(position + 1) is id \(hit.id) (score \(trueScore)); one index ranks id \(wanted.id) there (score \(wanted.score))"
            }
            if trueScore == wanted.score, hit.id != wanted.id, trueScores[wanted.id] == trueScore, wanted.id < hit.id {
                return "hit \(position + 1) is id \(hit.id); id \(wanted.id) has exactly the same score and the smaller id, so it ranks first"
            }
        }
        return nil
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= relativeTolerance * max(abs(a), abs(b), .leastNormalMagnitude)
    }
}
