import UserExercise

/// Bug: findUser answers from an email → user cache that updateUser never invalidates.
struct StaleEmailCacheUserService<Base: UserService>: UserServiceDecorator {
    let base: Base
    let cache = NeverInvalidatedCache<String>()

    func findUser(email: String) async throws -> User? {
        try await cache.user(for: email) { try await base.findUser(email: email) }
    }
}
