#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScaleSupport

/// A deterministic synthetic corpus: a seeded vocabulary (a few words capitalized or accented, so
/// the tokenizer's folding matters), Zipf-distributed terms, log-normal body lengths. Document `i`
/// depends only on the seed and `i`, so any range can be generated on any thread.
public struct SyntheticCorpus: Sendable {
    /// Corpus shape.
    public struct Shape: Sendable, Hashable {
        /// Documents, 1...10,000,000.
        public var documentCount: Int
        /// Distinct words.
        public var vocabularySize: Int
        /// Zipf exponent of word frequencies.
        public var zipfExponent: Double
        /// Median body length in words (log-normal).
        public var medianBodyWords: Int
        /// Log-normal sigma of body lengths.
        public var lengthSigma: Double
        /// True: ids are scrambled 63-bit values; false: 1...documentCount.
        public var scrambledIds: Bool

        /// The bench default: a vocabulary growing with the corpus, median 120 words, sigma 0.6.
        public init(documentCount: Int, vocabularySize: Int? = nil, zipfExponent: Double = 1.0, medianBodyWords: Int = 120, lengthSigma: Double = 0.6, scrambledIds: Bool = false) {
            self.documentCount = documentCount
            self.vocabularySize = vocabularySize ?? min(1_000_000, max(1000, documentCount / 2))
            self.zipfExponent = zipfExponent
            self.medianBodyWords = medianBodyWords
            self.lengthSigma = lengthSigma
            self.scrambledIds = scrambledIds
        }
    }

    /// The largest corpus the generator accepts.
    public static let maxDocuments = 10_000_000

    /// The corpus shape.
    public let shape: Shape
    /// The seed every document and the vocabulary derive from.
    public let seed: UInt64
    /// The vocabulary, most frequent first.
    public let vocabulary: [String]
    let sampler: ZipfSampler

    /// A corpus of `shape` drawn from `seed`.
    public init(shape: Shape, seed: UInt64) {
        self.shape = shape
        self.seed = seed
        sampler = ZipfSampler(count: shape.vocabularySize, exponent: shape.zipfExponent)
        var generator = SeededGenerator(seed: seed, stream: -1)
        var seen = Set<String>()
        var words: [String] = []
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let accented: [Character] = ["é", "ü", "ñ", "ø", "ç"]
        while words.count < shape.vocabularySize {
            // Frequent words are short, as in natural language.
            let length = 2 + Int(generator.next() % UInt64(3 + min(7, words.count / 50)))
            var word = String((0..<length).map { _ in letters[Int(generator.next() % 26)] })
            if generator.next() % 50 == 0 { word.append(accented[Int(generator.next() % UInt64(accented.count))]) }
            if seen.insert(word).inserted { words.append(word) }
        }
        vocabulary = words
    }

    /// Document `index` (0-based).
    public func document(at index: Int) -> Document {
        var generator = SeededGenerator(seed: seed, stream: index)
        let titleWords = 3 + Int(generator.next() % 6)
        let bodyWords = bodyLength(&generator)
        return Document(id: id(at: index), title: text(words: titleWords, &generator), body: text(words: bodyWords, &generator))
    }

    /// The id of document `index`.
    public func id(at index: Int) -> UInt64 {
        shape.scrambledIds ? StableHash.mix(UInt64(index) &+ seed) >> 1 : UInt64(index + 1)
    }

    /// Documents `range`.
    public func documents(_ range: Range<Int>) -> [Document] { range.map(document(at:)) }

    /// A vocabulary word drawn from the corpus's term distribution.
    func word(_ generator: inout SeededGenerator) -> String { vocabulary[sampler.next(&generator)] }

    private func bodyLength(_ generator: inout SeededGenerator) -> Int {
        // Box–Muller normal, exponentiated: log-normal around the median.
        let u1 = max(generator.nextUnitDouble(), 1e-300)
        let u2 = generator.nextUnitDouble()
        let normal = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return min(20 * shape.medianBodyWords, max(1, Int((Double(shape.medianBodyWords) * exp(shape.lengthSigma * normal)).rounded())))
    }

    private func text(words: Int, _ generator: inout SeededGenerator) -> String {
        var result = ""
        result.reserveCapacity(words * 7)
        for index in 0..<words {
            if index > 0 { result.append(generator.next() % 12 == 0 ? ", " : " ") }
            let word = self.word(&generator)
            // Some capitals, folded away by the tokenizer on both sides.
            result.append(generator.next() % 20 == 0 ? word.uppercased() : word)
        }
        return result
    }
}
