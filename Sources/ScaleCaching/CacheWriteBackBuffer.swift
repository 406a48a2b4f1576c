import ScaleSupport
/// The write-back dirty set of a `CachedStore`: acknowledged writes not yet in the backing store.
///
/// Reads check `dirty` then `flushing` before loading, so a value evicted from the LRU cache but
/// not yet flushed is never read back from the store in its older version.
final class CacheWriteBackBuffer<Key: CacheKey, Value: Sendable>: Sendable {
    struct Pending {
        var value: Value
        /// Acknowledged writes folded into this entry since the last flush.
        var writeCount: Int
    }

    struct State {
        var dirty: [Key: Pending] = [:]
        /// Handed to the backing store by the flush in progress.
        var flushing: [Key: Pending] = [:]
        var flushedEntryCount = 0
    }

    let options: WriteBackOptions
    private let state = Locked(State())
    private let flushGate = CacheAsyncGate()

    init(options: WriteBackOptions) {
        self.options = options
    }

    /// The unflushed value for `key`, newest first.
    func value(forKey key: Key) -> Value? {
        state.withLock { $0.dirty[key]?.value ?? $0.flushing[key]?.value }
    }

    /// Records a write; false when the dirty set is full and `key` is not already in it.
    func tryInsert(_ value: Value, forKey key: Key) -> Bool {
        state.withLock { state in
            if state.dirty[key] != nil {
                state.dirty[key]?.value = value
                state.dirty[key]?.writeCount += 1
                return true
            }
            guard state.dirty.count < options.maxDirtyCount else { return false }
            state.dirty[key] = Pending(value: value, writeCount: 1)
            return true
        }
    }

    /// Hands the dirty set to `write`, one flush at a time; returns how many entries it stored.
    /// On failure the entries go back to the dirty set (behind any newer write) and the error is rethrown.
    func flush(_ write: ([(key: Key, value: Value)]) async throws -> Void) async throws -> Int {
        await flushGate.enter()
        defer { flushGate.leave() }
        let batch: [(key: Key, value: Value)] = state.withLock { state in
            state.flushing = state.dirty
            state.dirty = [:]
            return state.flushing.map { (key: $0.key, value: $0.value.value) }
        }
        guard !batch.isEmpty else { return 0 }
        do {
            try await write(batch)
        } catch {
            state.withLock { state in
                for (key, pending) in state.flushing {
                    if state.dirty[key] != nil {
                        state.dirty[key]?.writeCount += pending.writeCount
                    } else {
                        state.dirty[key] = pending
                    }
                }
                state.flushing = [:]
            }
            throw error
        }
        state.withLock { state in
            state.flushedEntryCount += state.flushing.count
            state.flushing = [:]
        }
        return batch.count
    }

    /// Simulates losing memory: drops every write not yet handed to the store and reports it.
    func dropDirty() -> WriteBackCrashReport {
        state.withLock { state in
            let report = WriteBackCrashReport(
                lostKeyCount: state.dirty.count,
                lostWriteCount: state.dirty.values.reduce(0) { $0 + $1.writeCount }
            )
            state.dirty = [:]
            return report
        }
    }

    /// Keys waiting to be flushed, and entries flushed so far.
    func counts() -> (dirty: Int, flushed: Int) {
        state.withLock { ($0.dirty.count, $0.flushedEntryCount) }
    }
}
