import ScaleCore

/// One service instance's handle on the cache tier: cache-aside with single-flight, and an
/// optional near cache. Create one per service instance (`cluster.cacheClient(...)`); a second
/// instance gets its own single-flight table and its own near cache, as two app servers would.
///
/// Near-cache staleness: the near cache holds values for at most its TTL and hears nothing of
/// other instances' writes, so after another instance sets or deletes a key this instance may
/// keep serving the old value until the entry's TTL passes. This instance's own `set`/`delete`
/// drop its entry, so it always reads its own writes. Use it only where a read that is up to the
/// TTL old is acceptable (or the design says why it is not).
///
/// Network faults apply: a call to a cache node that is down or cut off throws the network's
/// error (after its timeout); a design that should survive a cache outage catches it and loads.
public final class CacheClient: Sendable {
    /// The shared tier behind this client.
    public let tier: CacheTier
    /// Where this instance's calls come from on the network.
    public let client: NodeID
    let near: InstanceNearCache?
    private let flights = CacheKeyActivity<String, [UInt8]>(stripeCount: 16)

    init(tier: CacheTier, client: NodeID, near options: NearCacheOptions?) throws {
        self.tier = tier
        self.client = client
        near = try options.map { try InstanceNearCache(options: $0) }
    }

    /// The value for `key` from the near cache, else from the tier (one round trip).
    public func get(_ key: String) async throws -> [UInt8]? {
        guard let near else { return try await tier.get(key, from: client) }
        if let value = nearLookup(key, near) { return value }
        let generation = near.generation(of: key)
        let value = try await tier.get(key, from: client)
        if let value { near.fill(key, value, ifGeneration: generation) }
        return value
    }

    /// Values for `keys`: near-cache hits first, the rest with one multi-get per tier node.
    public func getMany(_ keys: [String]) async throws -> [String: [UInt8]] {
        guard let near else { return try await tier.getMany(keys, from: client) }
        var found: [String: [UInt8]] = [:]
        var missing: [(key: String, generation: UInt64)] = []
        for key in Set(keys) {
            if let value = nearLookup(key, near) { found[key] = value } else { missing.append((key, near.generation(of: key))) }
        }
        guard !missing.isEmpty else { return found }
        let fetched = try await tier.getMany(missing.map(\.key), from: client)
        for (key, generation) in missing {
            guard let value = fetched[key] else { continue }
            found[key] = value
            near.fill(key, value, ifGeneration: generation)
        }
        return found
    }

    /// Stores `value` in the tier (last writer wins) for `ttl` (nil: the tier's default) and drops
    /// this instance's near entry. False when the entry is too large for its node.
    @discardableResult
    public func set(_ value: [UInt8], forKey key: String, ttl: Duration? = nil) async throws -> Bool {
        defer { near?.drop(key) }
        return try await tier.set(value, forKey: key, ttl: ttl, from: client)
    }

    /// Stores a versioned `value` in the tier unless it holds a newer one (see
    /// `CacheTier.setIfNewer`) and drops this instance's near entry.
    @discardableResult
    public func setIfNewer(_ value: [UInt8], forKey key: String, replacingEqual: Bool = false, ttl: Duration? = nil) async throws -> Bool {
        defer { near?.drop(key) }
        return try await tier.setIfNewer(value, forKey: key, replacingEqual: replacingEqual, ttl: ttl, from: client)
    }

    /// Adds `delta` to the counter at `key` in the tier (see `CacheTier.increment`) and drops this
    /// instance's near entry; e.g. a write-through unread count, or a generation number that
    /// cached query results put in their keys so one increment invalidates them all.
    public func increment(_ key: String, by delta: Int64 = 1, initial: Int64? = nil, ttl: Duration? = nil) async throws -> Int64? {
        defer { near?.drop(key) }
        return try await tier.increment(key, by: delta, initial: initial, ttl: ttl, from: client)
    }

    /// Deletes `key` from the tier (cache-aside invalidation) and from this instance's near cache.
    @discardableResult
    public func delete(_ key: String) async throws -> Bool {
        defer { near?.drop(key) }
        return try await tier.delete(key, from: client)
    }

    /// Cache-aside: the cached value for `key`, else `load()`'s, stored for `ttl` (nil: the tier's
    /// default). Concurrent misses on one key in this instance make one `load`; the others wait
    /// for it and get its value or error (counted as single-flight joins). A fill is skipped when a
    /// `set` or `delete` of the key reached the tier while `load` ran (a lease, as memcache's), so
    /// "write the database, then delete the key" never leaves an older value cached. A nil from
    /// `load` (no such row) is returned and not cached.
    public func value(forKey key: String, ttl: Duration? = nil, load: @Sendable () async throws -> [UInt8]?) async throws -> [UInt8]? {
        if let near, let value = nearLookup(key, near) { return value }
        let generation = near?.generation(of: key) ?? 0
        let lease: UInt64
        switch try await tier.getOrLease(key, from: client) {
        case .hit(let value):
            near?.fill(key, value, ifGeneration: generation)
            return value
        case .miss(let token):
            lease = token
        }
        let counters = tier.clientCounters
        // One flight per lease: a caller whose miss came after a write got a new lease, so it
        // never joins (and returns) a load that started before that write.
        let (value, source) = try await flights.load(
            Self.flightKey(key, lease: lease),
            precheck: { nil },
            loader: { [tier, client, near] in
                counters.loads.add(1, ordering: .relaxed)
                guard let loaded = try await load() else { return nil }
                if try await tier.set(loaded, forKey: key, ttl: ttl, lease: lease, from: client) {
                    near?.fill(key, loaded, ifGeneration: generation)
                } else {
                    counters.fillsRefused.add(1, ordering: .relaxed)
                }
                return loaded
            },
            fill: { _, _ in }
        )
        if case .coalesced = source { counters.singleFlightJoins.add(1, ordering: .relaxed) }
        return value
    }

    /// Callers of `value(forKey:)` in this instance waiting for a load of `key` in flight.
    func singleFlightWaiterCount(forKey key: String) -> Int {
        guard let lease = tier.node(for: key).outstandingLease(for: key) else { return 0 }
        return flights.waiterCount(forKey: Self.flightKey(key, lease: lease))
    }

    private static func flightKey(_ key: String, lease: UInt64) -> String { "\(key)\u{0}\(lease)" }

    private func nearLookup(_ key: String, _ near: InstanceNearCache) -> [UInt8]? {
        let value = near.entries.value(forKey: key)
        if value == nil {
            tier.clientCounters.nearMisses.add(1, ordering: .relaxed)
        } else {
            tier.clientCounters.nearHits.add(1, ordering: .relaxed)
        }
        return value
    }
}
