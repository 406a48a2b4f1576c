import ScaleSupport
/// Write-back flushing and the simulated crash.
extension CachedStore {
    /// Write-back: hands the dirty set to the backing store in one `store(batch:)`; returns how many
    /// entries were stored (0 for other policies). On error the entries stay dirty.
    @discardableResult
    public func flush() async throws -> Int {
        guard let writeBack else { return 0 }
        let store = backingStore
        return try await writeBack.flush { batch in try await store.store(batch: batch) }
    }

    /// Write-back: flushes every `flushIntervalNanos` until the task is cancelled, then flushes once
    /// more. Failed flushes are retried on the next tick. Returns at once for other policies.
    public func runFlushLoop() async {
        guard let writeBack else { return }
        let intervalNanos = writeBack.options.flushIntervalNanos
        while !Task.isCancelled {
            do {
                try await Task.sleep(nanoseconds: intervalNanos)
            } catch {
                break
            }
            _ = try? await flush()
        }
        _ = try? await flush()
    }

    /// Simulates a crash of the cache node: the shared cache and every write not yet handed to the
    /// backing store are lost; returns how many. The layer stays usable (as if restarted empty).
    /// A flush already in progress still completes.
    public func crash() -> WriteBackCrashReport {
        let report = writeBack?.dropDirty() ?? WriteBackCrashReport(lostKeyCount: 0, lostWriteCount: 0)
        cache.removeAll()
        return report
    }
}
