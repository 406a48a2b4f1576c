import ExerciseKit
import ScaleCore
import SearchEngine

extension ShardedSearchService {
    public func search(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        let tokens = try Self.validate(query, k: k)
        guard !tokens.isEmpty else { return [] }
        counters.add(.queries)
        guard let cache else { return try await uncachedSearch(query, k: k, mode: mode) }
        counters.add(.cacheLookups)
        let key = QueryResultCache.Key(query: tokens.joined(separator: " "), k: k, mode: mode)
        let found = try await cache.hits(for: key) { [self] in try await uncachedSearch(query, k: k, mode: mode) }
        if found.hit { counters.add(.cacheHits) }
        return found.hits
    }

    /// Scatter-gather: a statistics pass (with global statistics), then every shard's top k, merged.
    func uncachedSearch(_ query: String, k: Int, mode: SearchMode) async throws -> [SearchHit] {
        let statistics: CollectionStatistics? = switch design.statistics {
        case .local: nil
        case .global: CollectionStatistics.sum(try await scatter(kind: .searchStatistics) { try $0.localStatistics(forQuery: query) })
        }
        let partials = try await scatter(kind: .searchQuery) { engine in
            try engine.searchCounting(query, k: k, mode: mode, statistics: statistics)
        }
        counters.add(.documentsScored, UInt64(partials.reduce(0) { $0 + $1.documentsScored }))
        return TopKMerge.merge(partials.map(\.hits), k: k)
    }

    /// The query's folded terms; refuses too many terms or a `k` out of range.
    static func validate(_ query: String, k: Int) throws -> [String] {
        guard (1...SearchEngine.maxResults).contains(k) else {
            throw SearchServiceError(.invalidQuery, "k = \(k) is outside 1...\(SearchEngine.maxResults); ask for fewer results")
        }
        do {
            return try SearchEngine.queryTokens(query)
        } catch {
            throw SearchServiceError(refusing: error) ?? error
        }
    }

    /// Runs `body` on one replica of every shard at once; the replies in shard order.
    func scatter<Reply: Sendable>(kind: MessageKind, _ body: @escaping @Sendable (SearchEngine) throws -> Reply) async throws -> [Reply] {
        let shardCount = nodes.shardCount
        if shardCount == 1 { return [try await ask(shard: 0, kind: kind, body)] }
        return try await withThrowingTaskGroup(of: (Int, Reply).self) { group in
            for shard in 0..<shardCount {
                group.addTask { [self] in (shard, try await ask(shard: shard, kind: kind, body)) }
            }
            var replies = [Reply?](repeating: nil, count: shardCount)
            for try await (shard, reply) in group { replies[shard] = reply }
            return replies.map { $0! }
        }
    }

    /// One request to `shard`: to a replica drawn per request; with hedging, a second replica after
    /// the hedge delay; with replicas, another replica at once if the first fails.
    func ask<Reply: Sendable>(shard: Int, kind: MessageKind, _ body: @escaping @Sendable (SearchEngine) throws -> Reply) async throws -> Reply {
        let replicas = nodes.replicaNodes(of: shard)
        // Hashed with the shard: one counter stepped by every shard in turn would, with an even
        // shard count, send a shard to the same replica on every query.
        let turn = Int(truncatingIfNeeded: StableHash.mix(nextReplicaTurn() &+ UInt64(shard) &* 0x9E37_79B9) % UInt64(replicas.count))
        let first = replicas[replicas.startIndex + turn]
        let engines = nodes.engines
        counters.add(.messages, 2)
        guard replicas.count > 1 else {
            do {
                return try await engines.call(first, kind: kind, body)
            } catch {
                throw SearchServiceError(refusing: error) ?? error
            }
        }
        let second = replicas[replicas.startIndex + (turn + 1) % replicas.count]
        guard design.hedging else {
            // No hedge: another replica only when the first fails.
            do {
                return try await engines.call(first, kind: kind, body)
            } catch {
                if let refusal = SearchServiceError(refusing: error) { throw refusal }
                counters.add(.messages, 2)
                return try await engines.call(second, kind: kind, body)
            }
        }
        counters.add(.hedgeableRequests)
        let delayNanos = latencies.hedgeDelayNanos
        if let delayNanos { counters.noteHedgeDelay(delayNanos) }
        let started = MonotonicClock.nowNanos()
        let tracker = latencies
        let counters = counters
        do {
            let (reply, hedgeWon) = try await HedgedRequest.run(
                delayNanos: delayNanos,
                primary: {
                    let reply = try await engines.call(first, kind: kind, body)
                    tracker.record(MonotonicClock.elapsedNanos(from: started, to: MonotonicClock.nowNanos()))
                    return reply
                },
                hedge: { try await engines.call(second, kind: .searchHedge, body) },
                onHedgeSent: {
                    counters.add(.messages, 2)
                    counters.add(.hedgesSent)
                }
            )
            if hedgeWon { counters.add(.hedgesWon) }
            return reply
        } catch {
            throw SearchServiceError(refusing: error) ?? error
        }
    }

    private func nextReplicaTurn() -> UInt64 {
        nextReplicaCounter.add(1, ordering: .relaxed).oldValue
    }
}
