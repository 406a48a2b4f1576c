import ScaleCore
import UserExercise

/// A read-through cache of users that nothing ever invalidates: the heart of the two stale-cache bugs.
final class NeverInvalidatedCache<Key: Hashable & Sendable>: Sendable {
    // Guarded by its lock: concurrent lookups fill it.
    private let entries = Locked<[Key: User]>([:])

    /// The cached user for `key`, else what `load` finds (kept for next time when found).
    func user(for key: Key, load: () async throws -> User?) async throws -> User? {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let found = try await load()
        if let found { entries.withLock { $0[key] = found } }
        return found
    }
}
