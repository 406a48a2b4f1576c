import ScaleSupport

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

extension QueryGenerator {
    /// `count` queries of 1–4 terms drawn from `documents`' own token stream (so by term frequency), for a loaded corpus.
    public static func queries(from documents: [Document], count: Int, seed: UInt64, maxTerms: Int = 4) -> [String] {
        let tokenizer = Unicode61Tokenizer()
        var generator = SeededGenerator(seed: seed, stream: -3)
        var result: [String] = []
        var attempts = 0
        while result.count < count, attempts < count * 20, !documents.isEmpty {
            attempts += 1
            let document = documents[Int(generator.next() % UInt64(documents.count))]
            let tokens = tokenizer.tokens(of: document.title + " " + document.body)
            guard !tokens.isEmpty else { continue }
            let termCount = 1 + Int(generator.next() % UInt64(max(1, maxTerms)))
            result.append((0..<termCount).map { _ in tokens[Int(generator.next() % UInt64(tokens.count))] }.joined(separator: " "))
        }
        return result
    }
}
