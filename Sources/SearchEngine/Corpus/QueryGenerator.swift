import ScaleCore

/// Seeded queries of 1–4 distinct terms drawn from a corpus's term distribution.
public struct QueryGenerator: Sendable {
    /// The most queries a run may ask for.
    public static let maxQueries = 1_000_000

    /// `count` queries for `corpus`, reproducible from `seed`.
    public static func queries(for corpus: SyntheticCorpus, count: Int, seed: UInt64, maxTerms: Int = 4) -> [String] {
        var generator = SeededGenerator(seed: seed, stream: -2)
        return (0..<count).map { _ in
            let termCount = 1 + Int(generator.next() % UInt64(max(1, maxTerms)))
            var terms: [String] = []
            var attempts = 0
            while terms.count < termCount, attempts < 100 {
                let word = corpus.word(&generator)
                if !terms.contains(word) { terms.append(word) }
                attempts += 1
            }
            return terms.joined(separator: " ")
        }
    }
}
