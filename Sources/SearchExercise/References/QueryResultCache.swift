import ScaleCore
import SearchEngine

/// A query-result cache that runs on its own node. Any index or delete changes every score
/// (document count and average length are in every one), so a change invalidates everything at
/// once by moving to a new generation; a result is stored only under the generation it was
/// looked up in, so a search racing a write never stores what the write made stale.
public final class QueryResultCache: Sendable {
    struct Key: CacheKey {
        var query: String
        var k: Int
        var mode: SearchMode
        var stableHash: UInt64 { StableHash.hash(query) &* 31 &+ UInt64(k) &* 2 &+ (mode == .and ? 1 : 0) }
    }

    struct Entry: Sendable {
        var generation: UInt64
        var hits: [SearchHit]
    }

    /// Entries kept (LRU beyond it).
    public static let entryCapacity = 50_000

    private let entries: ShardedLRUCache<Key, Entry, SystemNanoClock>
    // Starts at the clock so a restarted cache never reuses a generation an in-flight search holds.
    private let generation = Locked(MonotonicClock.nowNanos())

    public init() throws {
        entries = try ShardedLRUCache(configuration: CacheConfiguration(entryCapacity: Self.entryCapacity), clock: SystemNanoClock())
    }

    /// The cached hits for the key in the current generation, and that generation.
    func lookup(_ key: Key) -> (hits: [SearchHit]?, generation: UInt64) {
        let current = generation.withLock { $0 }
        guard let entry = entries.value(forKey: key), entry.generation == current else { return (nil, current) }
        return (entry.hits, current)
    }

    /// Stores `hits` if no change happened since `lookedUp`.
    func store(_ key: Key, hits: [SearchHit], lookedUp: UInt64) {
        generation.withLock { current in
            guard current == lookedUp else { return }
            _ = entries.set(Entry(generation: current, hits: hits), forKey: key)
        }
    }

    /// Every cached result is stale from now on.
    func invalidate() {
        generation.withLock { $0 &+= 1 }
    }
}
