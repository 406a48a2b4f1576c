import ScaleSupport
import Synchronization

/// Limits of a `NearCache`.
public struct NearCacheConfiguration: Sendable, Hashable {
    /// How a near cache reacts when another client writes a key it holds.
    public enum RemoteWrites: Sendable, Hashable {
        /// Keep serving the held value until its TTL passes; such hits count as stale reads.
        case serveUntilExpiry
        /// Drop the entry (an invalidation message reaching every client); no stale reads.
        case invalidate
    }

    /// Most entries held; small, so only the client's hot keys stay.
    public var entryCapacity: Int
    /// Lifetime of an entry; short, since it bounds how long a stale value can be served.
    public var ttlNanos: UInt64
    /// Reaction to writes by other clients.
    public var remoteWrites: RemoteWrites

    /// Creates a configuration.
    public init(entryCapacity: Int = 64, ttlNanos: UInt64 = 50_000_000, remoteWrites: RemoteWrites = .serveUntilExpiry) {
        self.entryCapacity = entryCapacity
        self.ttlNanos = ttlNanos
        self.remoteWrites = remoteWrites
    }
}

/// A small per-client cache with a short TTL in front of a shared `CachedStore`, so a client's
/// hot keys are answered without touching the shared cache's locks.
///
/// A hit on a value that some other client has overwritten since it was cached counts as a stale
/// read (here and in the shared layer's `staleReadsServed`). Writes through this near cache drop
/// its own entry, so a client always reads its own writes.
public final class NearCache<Store: BackingStore, Clock: NanoClock>: Sendable {
    /// The backing store's key type.
    public typealias Key = Store.Key
    /// The backing store's value type.
    public typealias Value = Store.Value

    struct Entry: Sendable {
        var value: Value
        /// Another client wrote the key after this value was cached.
        var isSuperseded = false
    }

    /// Loads through the shared layer in progress for a key.
    struct PendingFill {
        var callerCount: Int
        var isSuperseded: Bool
    }

    /// The shared layer behind this near cache.
    public let shared: CachedStore<Store, Clock>
    /// The limits this near cache was built with.
    public let configuration: NearCacheConfiguration
    let local: ShardedLRUCache<Key, Entry, Clock>
    /// Guards fills against writes: a write arriving while a fill is in flight cancels the fill.
    let pendingFills = Locked<[Key: PendingFill]>([:])
    private let staleReadsServed = Atomic<Int>(0)

    /// Creates a near cache in front of `shared` and registers it for write notifications.
    public init(shared: CachedStore<Store, Clock>, configuration: NearCacheConfiguration = NearCacheConfiguration()) throws(CacheError) {
        self.shared = shared
        self.configuration = configuration
        local = try ShardedLRUCache(
            configuration: CacheConfiguration(entryCapacity: configuration.entryCapacity, shardCount: 1, ttlNanos: configuration.ttlNanos),
            clock: shared.cache.clock,
            cost: { _, _ in 1 }
        )
        shared.register(self)
    }

    deinit {
        shared.unregister(ObjectIdentifier(self))
    }

    /// The value for `key` from this near cache, else from the shared layer (then kept here).
    public func get(_ key: Key) async throws -> Value? {
        if let entry = local.value(forKey: key) {
            if entry.isSuperseded {
                staleReadsServed.add(1, ordering: .relaxed)
                shared.staleReadsServed.add(1, ordering: .relaxed)
            }
            return entry.value
        }
        pendingFills.withLock { $0[key, default: PendingFill(callerCount: 0, isSuperseded: false)].callerCount += 1 }
        let value: Value?
        do {
            value = try await shared.get(key)
        } catch {
            finishFill(key, value: nil)
            throw error
        }
        finishFill(key, value: value)
        return value
    }

    /// Writes through the shared layer (by its write policy) and drops this client's entry.
    public func put(_ value: Value, forKey key: Key) async throws {
        try await shared.put(value, forKey: key, origin: ObjectIdentifier(self))
    }

    /// This near cache's counters; `staleReadsServed` counts its own stale hits.
    public func statistics() -> CacheStatistics {
        var statistics = local.statistics()
        statistics.staleReadsServed = staleReadsServed.load(ordering: .relaxed)
        return statistics
    }

    private func finishFill(_ key: Key, value: Value?) {
        let local = self.local
        pendingFills.withLock { fills in
            guard var fill = fills[key] else { return }
            if let value, !fill.isSuperseded { local.set(Entry(value: value), forKey: key) }
            fill.callerCount -= 1
            fills[key] = fill.callerCount == 0 ? nil : fill
        }
    }

    /// Called by the shared layer after a write to `key` completed there.
    func observeWrite(to key: Key, isOwnWrite: Bool) {
        let local = self.local
        let dropsEntry = isOwnWrite || configuration.remoteWrites == .invalidate
        pendingFills.withLock { fills in
            fills[key]?.isSuperseded = true
            if dropsEntry {
                local.removeValue(forKey: key)
            } else {
                local.update(forKey: key) { $0.isSuperseded = true }
            }
        }
    }
}
