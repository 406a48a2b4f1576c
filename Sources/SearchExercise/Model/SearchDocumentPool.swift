import ExerciseKit
import ScaleCore
import SearchEngine

/// The documents and queries model-based checks draw: a few ids (spread over the id space, so
/// they land on many shards and get replaced) and a tiny vocabulary, Latin and not, drawn
/// unevenly so each shard's term frequencies differ from the whole collection's.
public struct SearchDocumentPool: Sendable {
    /// Words by falling frequency; `ÑANDÚ` folds to `nandu` and `Ελλάδα` to `ελλαδα`.
    public static let vocabulary = ["alpha", "beta", "gamma", "delta", "東京", "ÑANDÚ", "Ελλάδα", "omega"]
    static let weights = [10, 7, 5, 4, 3, 2, 2, 1]

    public let ids: [UInt64]

    public init(size: Int) {
        ids = (0..<size).map { 1 &+ UInt64($0) &* 7_919 }
    }

    /// A word drawn by the pool's weights.
    static func word(_ generator: inout SeededGenerator) -> String {
        var ticket = Int(generator.next() % UInt64(weights.reduce(0, +)))
        for (index, weight) in weights.enumerated() {
            if ticket < weight { return vocabulary[index] }
            ticket -= weight
        }
        return vocabulary[0]
    }

    static func text(words: Int, _ generator: inout SeededGenerator) -> String {
        (0..<words).map { _ in word(&generator) }.joined(separator: " ")
    }

    /// A document with `id`: a 1–2 word title and a 0–6 word body.
    public static func document(id: UInt64, _ generator: inout SeededGenerator) -> Document {
        Document(id: id, title: text(words: 1 + Int(generator.next() % 2), &generator), body: text(words: Int(generator.next() % 7), &generator))
    }

    /// The next operation: mostly indexing and searching, some deletes of live and missing ids.
    public func draw(_ generator: inout SeededGenerator) -> SearchOperation {
        let roll = generator.next() % 100
        let id = ids[Int(generator.next() % UInt64(ids.count))]
        if roll < 32 {
            let count = generator.next() % 5 == 0 ? 2 : 1
            let batch = (0..<count).map { offset in Self.document(id: offset == 0 ? id : ids[Int(generator.next() % UInt64(ids.count))], &generator) }
            // Within a batch the last document of an id wins, as in the engine; keep ids distinct so the printout is plain.
            return .index(Dictionary(batch.map { ($0.id, $0) }) { $1 }.values.sorted { $0.id < $1.id })
        }
        if roll < 42 { return .delete(id) }
        // Hot queries come back again and again, as real ones do: a stale cached answer shows.
        if roll < 72 { return .search(query: Self.vocabulary[Int(generator.next() % 3)], k: 10, mode: .or) }
        let termCount = 1 + Int(generator.next() % 3)
        var terms = (0..<termCount).map { _ in Self.word(&generator) }
        if generator.next() % 8 == 0 { terms.append("missing") }
        let ks = [1, 2, 3, 5, 10]
        let mode: SearchMode = generator.next() % 10 < 7 ? .or : .and
        return .search(query: terms.joined(separator: " "), k: ks[Int(generator.next() % UInt64(ks.count))], mode: mode)
    }

    /// Searches that reveal every live document and its score: each word alone, and all of them.
    public func observation() -> [SearchOperation] {
        Self.vocabulary.map { .search(query: $0, k: 50, mode: .or) }
            + [.search(query: Self.vocabulary.joined(separator: " "), k: 50, mode: .or)]
    }
}
