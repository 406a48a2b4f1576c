import ScaleCore

/// What a cache node answers to a lookup that may start a cache-aside fill.
enum CacheLookup: Sendable {
    case hit([UInt8])
    /// Absent; the token lets the caller fill the key unless a write intervenes.
    case miss(lease: UInt64)
}

/// One cache server of the tier, as one memcached process: an LRU with TTL and a byte capacity,
/// plus leases (memcache's) so a slow cache-aside fill never stores a value that a delete or set
/// has overtaken: every write cancels the key's lease, and a fill needs a live one.
final class CacheNode: Sendable {
    /// Keys with an outstanding lease; bounded, and dropping them all is safe (fills are refused).
    struct LeaseTable {
        var tokenByKey: [String: UInt64] = [:]
        var nextToken: UInt64 = 1
        static let capacity = 100_000
    }

    let id: NodeID
    let store: ByteValueCache
    // Guards the lease table; writes also hold it around the store update, so check-and-fill is atomic.
    private let leases = Locked(LeaseTable())

    init(id: NodeID, configuration: CacheTierConfiguration) throws {
        self.id = id
        do {
            store = try ByteValueCache(
                configuration: CacheConfiguration(
                    // Unless set, bytes bind first: every entry costs at least the overhead.
                    entryCapacity: min(
                        configuration.byteCapacityPerNode / CacheTierConfiguration.entryOverheadBytes, configuration.entryCapacityPerNode ?? .max
                    ),
                    byteCapacity: configuration.byteCapacityPerNode,
                    shardCount: CacheTierConfiguration.lockShardCount,
                    ttlNanos: configuration.defaultTTLNanos
                ),
                cost: { key, value in key.utf8.count + value.count + CacheTierConfiguration.entryOverheadBytes }
            )
        } catch {
            throw ClusterError("cache node \(id) cannot be built: \(error.message)")
        }
    }

    func get(_ key: String) -> [UInt8]? {
        store.value(forKey: key)
    }

    /// The value, or a lease to fill it with (the same lease for every miss until a write or fill).
    func getOrLease(_ key: String) -> CacheLookup {
        if let value = store.value(forKey: key) { return .hit(value) }
        return leases.withLock { table in
            if let token = table.tokenByKey[key] { return .miss(lease: token) }
            if table.tokenByKey.count >= LeaseTable.capacity { table.tokenByKey.removeAll() }
            let token = table.nextToken
            table.nextToken &+= 1
            table.tokenByKey[key] = token
            return .miss(lease: token)
        }
    }

    /// The lease handed out for `key` and not yet used or cancelled (tests and debugging).
    func outstandingLease(for key: String) -> UInt64? {
        leases.withLock { $0.tokenByKey[key] }
    }

    /// Stores `value` (cancelling any lease). Nil lease: always; else only while that lease is live.
    /// False when refused: the lease was cancelled, or the entry exceeds a shard's bytes.
    func set(_ value: [UInt8], forKey key: String, ttlNanos: UInt64?, lease: UInt64?) -> Bool {
        let store = self.store
        return leases.withLock { table in
            if let lease, table.tokenByKey[key] != lease { return false }
            table.tokenByKey.removeValue(forKey: key)
            return store.set(value, forKey: key, ttlNanos: ttlNanos)
        }
    }

    /// Adds `delta` to the decimal integer held for `key` (memcached's `incr`/`decr`, wrapping on
    /// overflow), or stores `initial` when no live value is held; nil when absent and no
    /// `initial`. The entry gets `ttlNanos` afresh. Throws when the held value is not a decimal integer.
    func increment(_ key: String, by delta: Int64, initial: Int64?, ttlNanos: UInt64?) throws -> Int64? {
        let store = self.store
        return try leases.withLock { table -> Int64? in
            // Every write cancels the lease, also one that finds nothing to count.
            table.tokenByKey.removeValue(forKey: key)
            let next: Int64
            if let held = store.peekValue(forKey: key) {
                guard let current = Int64(String(decoding: held, as: UTF8.self)) else {
                    throw ClusterError("cache key '\(key)' holds \(held.count) bytes that are not a decimal integer; increment only counters")
                }
                next = current &+ delta
            } else if let initial {
                next = initial
            } else {
                return nil
            }
            return store.set(Array(String(next).utf8), forKey: key, ttlNanos: ttlNanos) ? next : nil
        }
    }

    /// Stores a versioned `value` (its first 8 bytes, big-endian, are its version) unless the key
    /// holds one of a higher version, or of the same version that is not `replacingEqual`;
    /// cancels any lease either way. False when kept the held value (or the entry is too large).
    func setIfNewer(_ value: [UInt8], forKey key: String, replacingEqual: Bool, ttlNanos: UInt64?) -> Bool {
        let store = self.store
        return leases.withLock { table in
            table.tokenByKey.removeValue(forKey: key)
            if let held = store.peekValue(forKey: key), let heldVersion = Self.version(of: held), let version = Self.version(of: value),
               heldVersion > version || (heldVersion == version && !replacingEqual) {
                return false
            }
            return store.set(value, forKey: key, ttlNanos: ttlNanos)
        }
    }

    /// The version a versioned value starts with (nil for fewer than 8 bytes).
    static func version(of value: [UInt8]) -> UInt64? {
        guard value.count >= 8 else { return nil }
        return value[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Drops every entry and cancels every lease (memcached's `flush_all`).
    func flush() {
        let store = self.store
        leases.withLock { table in
            table.tokenByKey.removeAll()
            store.removeAll()
        }
    }

    /// Drops `key` and cancels its lease; true if a value was held.
    func delete(_ key: String) -> Bool {
        let store = self.store
        return leases.withLock { table in
            table.tokenByKey.removeValue(forKey: key)
            return store.removeValue(forKey: key) != nil
        }
    }
}
