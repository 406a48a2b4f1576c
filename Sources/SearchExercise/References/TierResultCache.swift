import ExerciseKit
import ScaleCore
import SearchEngine
import Synchronization

/// Query results in the cluster's cache tier (`--cache-nodes`), namespaced by a generation key as
/// memcached users do: a write stores a new generation, and results under an older one are never
/// looked up again (they age out of the LRU). A search that raced the write stored its result
/// under the generation it read, so it cannot serve a stale answer. Each value carries its query,
/// so a key's hash collision is caught rather than served.
struct TierResultCache: ResultCache {
    static let generationKey = "search:generation"
    // Unique within the process: a clock reading alone could repeat across two writers.
    private static let sequence = Atomic<UInt64>(0)

    let client: CacheClient
    let counters: SearchCounters

    func hits(for key: QueryResultCache.Key, compute: @escaping @Sendable () async throws -> [SearchHit]) async throws -> (hits: [SearchHit], hit: Bool) {
        let generation = try await currentGeneration()
        let canonical = "\(key.k)|\(key.mode.rawValue)|\(key.query)"
        let entryKey = "search:\(generation):\(String(StableHash.hash(canonical), radix: 36))"
        let computed = Locked(false)
        counters.add(.messages, 2)
        let value = try await client.value(forKey: entryKey) { [counters] in
            computed.withLock { $0 = true }
            counters.add(.messages, 2)
            return HitCoding.encode(try await compute(), query: canonical)
        }
        if let value, let hits = HitCoding.decode(value, query: canonical) { return (hits, !computed.value) }
        // Another query under the same hash, or nothing stored: answer without the cache.
        return (try await compute(), false)
    }

    func invalidate() async throws {
        try await client.set(Self.bytes(Self.freshGeneration()), forKey: Self.generationKey)
    }

    /// The generation in force; a fresh one if the key was evicted (older results are then orphaned).
    private func currentGeneration() async throws -> UInt64 {
        counters.add(.messages, 2)
        if let stored = try await client.get(Self.generationKey), stored.count == 8 {
            return stored.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
        let fresh = Self.freshGeneration()
        counters.add(.messages, 2)
        try await client.set(Self.bytes(fresh), forKey: Self.generationKey)
        return fresh
    }

    private static func freshGeneration() -> UInt64 {
        StableHash.mix(MonotonicClock.nowNanos() &+ sequence.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15)
    }

    private static func bytes(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
}

/// Hits as bytes for the cache tier: the query's length and text, then (id, score bits) pairs.
enum HitCoding {
    static func encode(_ hits: [SearchHit], query: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let text = Array(query.utf8)
        bytes.reserveCapacity(8 + text.count + hits.count * 16)
        append(UInt64(text.count), to: &bytes)
        bytes += text
        for hit in hits {
            append(hit.id, to: &bytes)
            append(hit.score.bitPattern, to: &bytes)
        }
        return bytes
    }

    /// The hits, or nil when the bytes hold another query's (or are damaged).
    static func decode(_ bytes: [UInt8], query: String) -> [SearchHit]? {
        let text = Array(query.utf8)
        guard bytes.count >= 8, let length = Int(exactly: read(bytes, at: 0)), length == text.count,
              bytes.count >= 8 + length, (bytes.count - 8 - length) % 16 == 0, Array(bytes[8..<(8 + length)]) == text else { return nil }
        return stride(from: 8 + length, to: bytes.count, by: 16).map { offset in
            SearchHit(id: read(bytes, at: offset), score: Double(bitPattern: read(bytes, at: offset + 8)))
        }
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<(offset + 8)].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }
}
