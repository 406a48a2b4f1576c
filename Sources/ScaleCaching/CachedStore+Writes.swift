import ScaleSupport
/// Writes and invalidation, per `CacheWritePolicy`.
extension CachedStore {
    /// Writes `value` for `key` by the write policy: invalidate or write-through wait for the
    /// backing store; write-back returns once the value is in the cache and the dirty set
    /// (flushing first when the dirty set is full). Near caches of other clients are told.
    public func put(_ value: Value, forKey key: Key) async throws {
        try await put(value, forKey: key, origin: nil)
    }

    /// Drops `key` from the shared cache (e.g. after the store changed behind the cache's back);
    /// a load in flight for `key` will not fill. Near caches are told.
    public func invalidate(_ key: Key) {
        let cache = self.cache
        activity.supersede(key) { cache.removeValue(forKey: key) }
        notifyNearCaches(ofWriteTo: key, origin: nil)
    }

    func put(_ value: Value, forKey key: Key, origin: ObjectIdentifier?) async throws {
        if let writeBack {
            try await putWriteBack(value, forKey: key, buffer: writeBack)
        } else {
            try await putThrough(value, forKey: key)
        }
        notifyNearCaches(ofWriteTo: key, origin: origin)
    }

    private func putThrough(_ value: Value, forKey key: Key) async throws {
        let cache = self.cache
        let keepsValue = writePolicy == .writeThrough
        let token = activity.beginWrite(key)
        do {
            try await backingStore.store(value, forKey: key)
        } catch {
            // The store may or may not hold the value now: drop the entry so the next read asks it.
            activity.endWrite(key, token) { _ in cache.removeValue(forKey: key) }
            notifyNearCaches(ofWriteTo: key, origin: nil)
            throw error
        }
        activity.endWrite(key, token) { overlapped in
            if keepsValue && !overlapped {
                cache.set(value, forKey: key)
            } else {
                cache.removeValue(forKey: key)
            }
        }
    }

    private func putWriteBack(_ value: Value, forKey key: Key, buffer: CacheWriteBackBuffer<Key, Value>) async throws {
        let cache = self.cache
        // Each flush empties the dirty set, so a second round almost always finds room.
        let maxRounds = 8
        for _ in 0..<maxRounds {
            let accepted = activity.supersede(key) {
                guard buffer.tryInsert(value, forKey: key) else { return false }
                cache.set(value, forKey: key)
                return true
            }
            if accepted { return }
            _ = try await flush()
        }
        throw CacheError(.dirtySetFull, "no room in the write-back dirty set (\(buffer.options.maxDirtyCount) keys) after \(maxRounds) flushes")
    }

    func register(_ nearCache: NearCache<Store, Clock>) {
        nearCaches.withLock { $0[ObjectIdentifier(nearCache)] = NearCacheReference(nearCache: nearCache) }
    }

    func unregister(_ identifier: ObjectIdentifier) {
        nearCaches.withLock { $0[identifier] = nil }
    }

    private func notifyNearCaches(ofWriteTo key: Key, origin: ObjectIdentifier?) {
        let references = nearCaches.withLock { Array($0.values) }
        for reference in references {
            guard let nearCache = reference.nearCache else { continue }
            nearCache.observeWrite(to: key, isOwnWrite: ObjectIdentifier(nearCache) == origin)
        }
    }
}
