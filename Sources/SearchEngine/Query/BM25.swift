#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FTS5's `bm25()` with default weights, written in the same operation order as `fts5_aux.c`
/// so scores agree to the last bit where the inputs agree.
enum BM25 {
    static let k1 = 1.2
    static let b = 0.75

    /// IDF = ln((N - n + 0.5) / (n + 0.5)), floored to 1e-6 when ≤ 0 as FTS5 does for very common terms.
    @inline(__always)
    static func idf(documentCount: UInt64, documentFrequency: UInt64) -> Double {
        let value = log((Double(documentCount) - Double(documentFrequency) + 0.5) / (Double(documentFrequency) + 0.5))
        return value <= 0 ? 1e-6 : value
    }

    /// One term's contribution: idf · f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)).
    @inline(__always)
    static func termScore(idf: Double, frequency: Double, documentLength: Double, averageLength: Double) -> Double {
        idf * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * documentLength / averageLength)))
    }
}
