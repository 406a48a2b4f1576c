import ScaleCore

/// The near cache one `CacheClient` owns: an LRU with a short TTL, plus per-stripe write
/// generations so a lookup that overlapped this instance's own write never fills an older value.
final class InstanceNearCache: Sendable {
    static let stripeCount = 64

    let entries: ByteValueCache
    // Guards the generations; a fill or a drop holds it around the LRU update, so the check is atomic.
    private let generations = Locked([UInt64](repeating: 0, count: stripeCount))

    init(options: NearCacheOptions) throws {
        try options.validate()
        do {
            entries = try ByteValueCache(
                configuration: CacheConfiguration(entryCapacity: options.entryCapacity, shardCount: 1, ttlNanos: max(1, options.ttl.saturatingNanos)),
                cost: { _, _ in 1 }
            )
        } catch {
            throw ClusterError("near cache cannot be built: \(error.message)")
        }
    }

    private static func stripe(of key: String) -> Int {
        Int(truncatingIfNeeded: key.stableHash % UInt64(stripeCount))
    }

    /// The generation to hand back to `fill` after a lookup that started now.
    func generation(of key: String) -> UInt64 {
        generations.withLock { $0[Self.stripe(of: key)] }
    }

    /// Keeps `value` unless this instance wrote a key of the same stripe since `generation`.
    func fill(_ key: String, _ value: [UInt8], ifGeneration generation: UInt64) {
        let entries = self.entries
        generations.withLock { generations in
            guard generations[Self.stripe(of: key)] == generation else { return }
            entries.set(value, forKey: key)
        }
    }

    /// Drops `key` after this instance wrote it, failing fills of lookups that overlapped the write.
    func drop(_ key: String) {
        let entries = self.entries
        generations.withLock { generations in
            generations[Self.stripe(of: key)] &+= 1
            entries.removeValue(forKey: key)
        }
    }
}
