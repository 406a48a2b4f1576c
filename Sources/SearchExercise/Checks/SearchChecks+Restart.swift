import ExerciseKit
import SearchEngine

extension SearchChecks {
    static let survivesNodeRestart = Check<any SearchService>(
        "survives-node-restart",
        "150 documents indexed and 20 deleted, then every node that holds state restarts in turn (storage and hosted nodes): searches still equal one index's after each restart, through a new instance at the end, and indexing still works"
    ) { context in
        let cluster = try await context.makeCluster()
        let service = try await context.makeService(on: cluster)
        let history = context.history
        var live = taggedDocuments(count: 150)
        try await context.index(live, on: service)
        for round in 0..<20 {
            let victim = live.remove(at: (round * 53) % live.count)
            _ = try await history.record(client: 0, "delete", "\(victim.id)") { try await service.delete(id: victim.id) }
        }
        let queries = ["shared", "alpha", "東京 omega", "ΕΛΛΆΔΑ beta"]
        var oracle = try SearchOracle(documents: live)
        for node in cluster.statefulNodeIDs {
            try await history.record(client: 0, "restart node", "\(node)") { try await cluster.restartNode(node) }
            for query in queries {
                try await context.requireSingleNodeAnswer(service, oracle, query, k: 200, context: " after \(node) restarted")
            }
        }
        let fresh = taggedDocuments(count: 10, idBase: 3_000_017, tag: "after")
        try await context.index(fresh, on: service)
        live += fresh
        oracle = try SearchOracle(documents: live)
        let restarted = try await context.makeService(on: cluster)
        for query in queries + ["after3000017"] {
            try await context.requireSingleNodeAnswer(restarted, oracle, query, k: 200, context: " through a new instance after every node restarted")
        }
    }
}
