import UserExercise

/// Bug: getUser reads through an id → user cache that updateUser never invalidates.
struct StaleReadCacheUserService<Base: UserService>: UserServiceDecorator {
    let base: Base
    let cache = NeverInvalidatedCache<UInt64>()

    func getUser(id: UInt64) async throws -> User? {
        try await cache.user(for: id) { try await base.getUser(id: id) }
    }
}
