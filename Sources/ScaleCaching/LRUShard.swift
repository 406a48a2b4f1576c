import ScaleSupport
/// One shard of a `ShardedLRUCache`: a dictionary from key to slot plus an intrusive
/// doubly-linked recency list threaded through an array of nodes (no per-entry allocation).
///
/// Not thread-safe: the owning cache keeps each shard inside a `Mutex`.
struct LRUShard<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    struct Node {
        var key: Key?
        var value: Value?
        var costBytes: Int
        var expiresAtNanos: UInt64
        /// Next node towards the least recently used end, or `LRUShard.noSlot`.
        var older: Int
        /// Next node towards the most recently used end, or `LRUShard.noSlot`.
        var newer: Int
    }

    static var noSlot: Int { -1 }

    let entryCapacity: Int
    let byteCapacity: Int
    var slotByKey: [Key: Int] = [:]
    var nodes: [Node] = []
    var newestSlot = noSlot
    var oldestSlot = noSlot
    /// Free nodes chained through `older`.
    var freeSlot = noSlot
    var costBytes = 0
    private(set) var hits = 0
    private(set) var misses = 0
    private(set) var evictions = 0
    private(set) var expirations = 0

    init(entryCapacity: Int, byteCapacity: Int) {
        self.entryCapacity = entryCapacity
        self.byteCapacity = byteCapacity
    }

    var count: Int { slotByKey.count }

    /// The live value for `key`, made most recent; an expired entry is dropped and counts as a miss.
    mutating func value<Clock: NanoClock>(forKey key: Key, clock: Clock) -> Value? {
        guard let slot = slotByKey[key] else {
            misses &+= 1
            return nil
        }
        let expiresAtNanos = nodes[slot].expiresAtNanos
        // Entries without a TTL skip the clock read (~20 ns) on the hot path.
        if expiresAtNanos != .max, clock.nowNanos() >= expiresAtNanos {
            remove(slot: slot)
            expirations &+= 1
            misses &+= 1
            return nil
        }
        moveToNewest(slot)
        hits &+= 1
        return nodes[slot].value
    }

    /// The value for `key` if it is held and live at `nowNanos`, without touching recency or counters.
    func liveValue(forKey key: Key, nowNanos: UInt64) -> Value? {
        guard let slot = slotByKey[key], nowNanos < nodes[slot].expiresAtNanos else { return nil }
        return nodes[slot].value
    }

    /// Whether `key` is held (expired or not), without touching recency or counters.
    func contains(_ key: Key) -> Bool { slotByKey[key] != nil }

    /// Inserts or replaces `key`, then evicts least recently used entries until both limits hold.
    /// Returns false (and holds no entry for `key`) when the entry alone exceeds the byte capacity.
    mutating func insert(_ value: Value, forKey key: Key, costBytes entryCostBytes: Int, expiresAtNanos: UInt64, nowNanos: UInt64) -> Bool {
        guard entryCostBytes <= byteCapacity, entryCapacity > 0 else {
            if let slot = slotByKey[key] { remove(slot: slot) }
            return false
        }
        if let slot = slotByKey[key] {
            costBytes += entryCostBytes - nodes[slot].costBytes
            nodes[slot].value = value
            nodes[slot].costBytes = entryCostBytes
            nodes[slot].expiresAtNanos = expiresAtNanos
            moveToNewest(slot)
        } else {
            let slot = allocate(Node(key: key, value: value, costBytes: entryCostBytes, expiresAtNanos: expiresAtNanos, older: Self.noSlot, newer: Self.noSlot))
            slotByKey[key] = slot
            costBytes += entryCostBytes
            linkAsNewest(slot)
        }
        // The new entry is newest and fits alone, so this loop stops before reaching it.
        while slotByKey.count > entryCapacity || costBytes > byteCapacity {
            let victim = oldestSlot
            if nowNanos >= nodes[victim].expiresAtNanos { expirations &+= 1 } else { evictions &+= 1 }
            remove(slot: victim)
        }
        assert(slotByKey.count <= entryCapacity && costBytes <= byteCapacity, "LRU shard over its limits after insert")
        return true
    }

    /// Applies `body` to the held value for `key` without touching recency or counters.
    mutating func update<Result>(forKey key: Key, _ body: (inout Value) -> Result) -> Result? {
        guard let slot = slotByKey[key], var value = nodes[slot].value else { return nil }
        nodes[slot].value = nil
        defer { nodes[slot].value = value }
        return body(&value)
    }

    /// Drops `key`; returns its value if it was held.
    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let slot = slotByKey[key] else { return nil }
        let value = nodes[slot].value
        remove(slot: slot)
        return value
    }

    /// Drops every entry; counters are kept.
    mutating func removeAll() {
        slotByKey.removeAll()
        nodes.removeAll()
        newestSlot = Self.noSlot
        oldestSlot = Self.noSlot
        freeSlot = Self.noSlot
        costBytes = 0
    }

    /// Drops every expired entry; returns how many.
    mutating func purgeExpired(nowNanos: UInt64) -> Int {
        var purged = 0
        var slot = oldestSlot
        while slot != Self.noSlot {
            let newer = nodes[slot].newer
            if nowNanos >= nodes[slot].expiresAtNanos {
                remove(slot: slot)
                purged += 1
            }
            slot = newer
        }
        expirations &+= purged
        return purged
    }

    /// Keys from least to most recently used (tests and debugging).
    func keysOldestFirst() -> [Key] {
        var keys: [Key] = []
        keys.reserveCapacity(slotByKey.count)
        var slot = oldestSlot
        while slot != Self.noSlot, let key = nodes[slot].key {
            keys.append(key)
            slot = nodes[slot].newer
        }
        return keys
    }
}
