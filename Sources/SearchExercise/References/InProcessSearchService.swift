import SearchEngine

/// One `SearchEngine` in this process, called directly: no network, no node, no service tier.
/// The bench's floor row, and what the checks' oracle is.
public final class InProcessSearchService: SearchService {
    let engine = SearchEngine()

    public init() {}

    public func index(_ documents: [Document]) async throws {
        try engine.index(documents)
    }

    public func delete(id: UInt64) async throws -> Bool {
        try engine.delete(id: id)
    }

    public func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        do {
            return try engine.search(query, k: k, mode: mode)
        } catch {
            throw SearchServiceError(refusing: error) ?? error
        }
    }
}
