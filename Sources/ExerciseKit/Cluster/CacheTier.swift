import ScaleCore

extension MessageKind {
    static let cacheGet = MessageKind("cache-get")
    static let cacheGetMany = MessageKind("cache-get-many")
    static let cacheSet = MessageKind("cache-set")
    static let cacheDelete = MessageKind("cache-delete")
    static let cacheFlush = MessageKind("cache-flush")
    static let cacheIncrement = MessageKind("cache-increment")
    static let cachePing = MessageKind("cache-ping")
}

/// The cluster's cache tier, like a Memcached or Redis fleet: `nodeCount` cache nodes on the
/// simulated network, each key placed on one node by consistent hashing (the core's ring).
///
/// Every operation is a network call to the key's node (a hit costs a real round trip and two
/// messages; network faults apply). Values are bytes; absent keys are not cached. The tier is
/// shared by every service instance of the cluster; per-instance single-flight and near caching
/// live in `CacheClient` (`cluster.cacheClient(...)`).
public final class CacheTier: Sendable {
    /// The tier's limits and default TTL.
    public let configuration: CacheTierConfiguration
    /// The cache nodes' network ids, in ring order (node `i` holds the ring's shard `i`).
    public let nodeIDs: [NodeID]
    let nodes: [CacheNode]
    let network: SimulatedNetwork
    private let ring: RingPartitioner
    /// What clients of this tier count (single-flight joins, near-cache lookups).
    let clientCounters = CacheClientCounters()

    init(configuration: CacheTierConfiguration, nodeIDs: [NodeID], network: SimulatedNetwork, virtualNodeCount: Int) throws {
        try configuration.validate()
        guard nodeIDs.count == configuration.nodeCount, !nodeIDs.isEmpty else {
            throw ClusterError("a cache tier of \(configuration.nodeCount) node(s) got \(nodeIDs.count) node id(s)")
        }
        self.configuration = configuration
        self.nodeIDs = nodeIDs
        self.network = network
        nodes = try nodeIDs.map { try CacheNode(id: $0, configuration: configuration) }
        ring = try RingPartitioner(shards: ShardID.range(nodeIDs.count), virtualNodeCount: virtualNodeCount)
    }

    /// The network id of the node that holds `key`.
    public func nodeID(for key: String) -> NodeID {
        node(for: key).id
    }

    func node(for key: String) -> CacheNode {
        nodes[nodeIndex(for: key)]
    }

    /// The index in `nodes` of the node that holds `key`.
    func nodeIndex(for key: String) -> Int {
        ring.shard(for: PartitionKey(key)).rawValue
    }

    /// The value held for `key`, or nil (absent or expired). One round trip to its node.
    public func get(_ key: String, from client: NodeID = .client) async throws -> [UInt8]? {
        let node = node(for: key)
        return try await network.call(from: client, to: node.id, kind: .cacheGet) { node.get(key) }
    }

    /// One round trip to the node that holds `key`, doing nothing there: the floor under every
    /// tier call, to time beside a design's cached reads. Counts no hit or miss.
    public func ping(nodeOf key: String, from client: NodeID = .client) async throws {
        try await network.call(from: client, to: node(for: key).id, kind: .cachePing) {}
    }

    /// Stores `value` for `key` for `ttl` (nil: the tier's default TTL); last writer wins.
    /// Returns false when the entry is too large for its node (nothing is held for `key` then).
    @discardableResult
    public func set(_ value: [UInt8], forKey key: String, ttl: Duration? = nil, from client: NodeID = .client) async throws -> Bool {
        try await set(value, forKey: key, ttl: ttl, lease: nil, from: client)
    }

    /// Write-through without reordering: stores `value`, whose first 8 bytes are its version
    /// (big-endian, e.g. a per-row write counter the database bumps in the write's transaction),
    /// unless `key` holds a value of a higher version (or the same one, unless `replacingEqual`),
    /// so two writers' sets landing in either order leave the newer. Cancels any fill lease, as
    /// every write does. True when stored.
    @discardableResult
    public func setIfNewer(
        _ value: [UInt8], forKey key: String, replacingEqual: Bool = false, ttl: Duration? = nil, from client: NodeID = .client
    ) async throws -> Bool {
        let node = node(for: key)
        let ttlNanos = ttl.map { max(1, $0.saturatingNanos) } ?? configuration.defaultTTLNanos
        return try await network.call(from: client, to: node.id, kind: .cacheSet) {
            node.setIfNewer(value, forKey: key, replacingEqual: replacingEqual, ttlNanos: ttlNanos)
        }
    }

    /// Drops `key` (the invalidation of cache-aside); true if a value was held.
    @discardableResult
    public func delete(_ key: String, from client: NodeID = .client) async throws -> Bool {
        let node = node(for: key)
        return try await network.call(from: client, to: node.id, kind: .cacheDelete) { node.delete(key) }
    }

    /// The values held for `keys` (absent keys are missing from the result): one call per node
    /// that holds some of them, all at once, as memcached's multi-get.
    public func getMany(_ keys: [String], from client: NodeID = .client) async throws -> [String: [UInt8]] {
        var keysByNode: [Int: [String]] = [:]
        for key in Set(keys) { keysByNode[nodeIndex(for: key), default: []].append(key) }
        return try await withThrowingTaskGroup(of: [(String, [UInt8])].self) { group in
            for (index, nodeKeys) in keysByNode {
                let node = nodes[index]
                group.addTask { [network] in
                    try await network.call(from: client, to: node.id, kind: .cacheGetMany) {
                        nodeKeys.compactMap { key in node.get(key).map { (key, $0) } }
                    }
                }
            }
            var found: [String: [UInt8]] = [:]
            for try await pairs in group {
                for (key, value) in pairs { found[key] = value }
            }
            return found
        }
    }

    /// Adds `delta` (negative to subtract) to the counter at `key` and returns its new value, or
    /// starts it at `initial` when the key holds no live value; nil when absent and `initial` is nil.
    /// Atomic on the key's node (two callers never lose an update), one round trip, like
    /// memcached's `incr`/`decr`. Counters are decimal text, so `get` reads them as such; the entry's
    /// TTL starts afresh (`ttl`, else the default). A value that is not a decimal integer throws.
    /// Cancels any fill lease, as every write does.
    public func increment(
        _ key: String, by delta: Int64 = 1, initial: Int64? = nil, ttl: Duration? = nil, from client: NodeID = .client
    ) async throws -> Int64? {
        let node = node(for: key)
        let ttlNanos = ttl.map { max(1, $0.saturatingNanos) } ?? configuration.defaultTTLNanos
        return try await network.call(from: client, to: node.id, kind: .cacheIncrement) {
            try node.increment(key, by: delta, initial: initial, ttlNanos: ttlNanos)
        }
    }

    /// Empties every node (memcached's `flush_all`, one call per node), e.g. for a cold-cache
    /// scenario; counters are kept.
    public func flushAll(from client: NodeID = .client) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for node in nodes {
                group.addTask { [network] in try await network.call(from: client, to: node.id, kind: .cacheFlush) { node.flush() } }
            }
            try await group.waitForAll()
        }
    }

    /// Fault injection: cache node `id` restarts and comes back empty, as a memcached process does
    /// (entries and leases gone, counters kept). Take it down first with `network.takeDown(id)` to
    /// model the time it is away. Throws when `id` is not a node of this tier.
    public func restartEmpty(_ id: NodeID) throws {
        guard let node = nodes.first(where: { $0.id == id }) else {
            throw ClusterError("\(id) is not a cache node; the tier's nodes are \(nodeIDs.map(\.description).joined(separator: ", "))")
        }
        node.flush()
    }

    /// A lookup that hands out a fill lease on a miss.
    func getOrLease(_ key: String, from client: NodeID) async throws -> CacheLookup {
        let node = node(for: key)
        return try await network.call(from: client, to: node.id, kind: .cacheGet) { node.getOrLease(key) }
    }

    /// A set, refused when `lease` is given and no longer live.
    func set(_ value: [UInt8], forKey key: String, ttl: Duration?, lease: UInt64?, from client: NodeID) async throws -> Bool {
        let node = node(for: key)
        let ttlNanos = ttl.map { max(1, $0.saturatingNanos) } ?? configuration.defaultTTLNanos
        return try await network.call(from: client, to: node.id, kind: .cacheSet) {
            node.set(value, forKey: key, ttlNanos: ttlNanos, lease: lease)
        }
    }

    /// Hits, misses, evictions, expirations, entries and bytes, summed over the nodes.
    public func statistics() -> CacheStatistics {
        var total = CacheStatistics()
        for node in nodes {
            let statistics = node.store.statistics()
            total.hits += statistics.hits
            total.misses += statistics.misses
            total.evictions += statistics.evictions
            total.expirations += statistics.expirations
            total.entryCount += statistics.entryCount
            total.costBytes += statistics.costBytes
        }
        total.loadsCoalesced = clientCounters.singleFlightJoins.load(ordering: .relaxed)
        total.backendLoads = clientCounters.loads.load(ordering: .relaxed)
        return total
    }
}
