import ScaleSupport
/// The slower store a `CachedStore` sits in front of (a SQLite node, a simulated remote service).
public protocol BackingStore<Key, Value>: Sendable {
    associatedtype Key: CacheKey
    associatedtype Value: Sendable

    /// The stored value for `key`, or nil when there is none.
    func load(_ key: Key) async throws -> Value?

    /// Stores `value` for `key`; when this returns, a later `load` sees it.
    func store(_ value: Value, forKey key: Key) async throws

    /// Stores several entries, e.g. in one transaction; used by write-back flushes.
    /// The default stores them one by one.
    func store(batch: [(key: Key, value: Value)]) async throws
}

extension BackingStore {
    /// Stores the entries one by one.
    public func store(batch: [(key: Key, value: Value)]) async throws {
        for entry in batch { try await store(entry.value, forKey: entry.key) }
    }
}
