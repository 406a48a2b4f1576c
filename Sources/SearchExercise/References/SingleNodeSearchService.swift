import ExerciseKit
import ScaleCore
import SearchEngine

/// The monolith: one node runs one `SearchEngine` holding every document. Its ranking is the
/// specification's by construction; it cannot grow past one machine.
public final class SingleNodeSearchService: SearchService {
    let engines: HostedNodes<SearchEngine>
    let counters: SearchCounters

    public init(cluster: Cluster) throws {
        engines = try cluster.hostedNodes("single-engine", count: 1, open: SearchNodes.openEngine)
        counters = try SearchCounters.on(cluster)
    }

    var node: NodeID { engines.nodeIDs[0] }

    public func index(_ documents: [Document]) async throws {
        try await engines.call(node, kind: .searchIndex) { try $0.index(documents) }
        counters.add(.documentsIndexed, UInt64(documents.count))
    }

    public func delete(id: UInt64) async throws -> Bool {
        try await engines.call(node, kind: .searchDelete) { try $0.delete(id: id) }
    }

    public func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        guard try !ShardedSearchService.validate(query, k: k).isEmpty else { return [] }
        counters.add(.queries)
        counters.add(.messages, 2)
        let result = try await engines.call(node, kind: .searchQuery) { try $0.searchCounting(query, k: k, mode: mode) }
        counters.add(.documentsScored, UInt64(result.documentsScored))
        return result.hits
    }
}
