/// The collection-wide figures BM25 needs: document count, total tokens, and each query term's
/// document frequency.
///
/// A single engine uses its own; a distributed layer sums every shard's `localStatistics(forQuery:)`
/// and passes the global figures to each shard's `search`, so all shards score alike.
public struct CollectionStatistics: Sendable, Hashable {
    /// Live documents (FTS5's row count).
    public var documentCount: UInt64
    /// Tokens in all live documents (FTS5's column total size).
    public var totalTokenCount: UInt64
    /// Live documents containing each term, by folded term text.
    public var documentFrequencies: [String: UInt64]

    /// Statistics with these figures.
    public init(documentCount: UInt64, totalTokenCount: UInt64, documentFrequencies: [String: UInt64]) {
        self.documentCount = documentCount
        self.totalTokenCount = totalTokenCount
        self.documentFrequencies = documentFrequencies
    }

    /// The element-wise sum of `parts` (one per shard).
    public static func sum(_ parts: [CollectionStatistics]) -> CollectionStatistics {
        var total = CollectionStatistics(documentCount: 0, totalTokenCount: 0, documentFrequencies: [:])
        for part in parts {
            total.documentCount += part.documentCount
            total.totalTokenCount += part.totalTokenCount
            total.documentFrequencies.merge(part.documentFrequencies, uniquingKeysWith: +)
        }
        return total
    }

    /// FTS5's average document length in tokens (0 for an empty collection).
    public var averageDocumentLength: Double {
        documentCount == 0 ? 0 : Double(totalTokenCount) / Double(documentCount)
    }
}
