import UserExercise

/// Bug: deleteUser ignores whether a row was deleted and always reports true.
struct AlwaysTrueDeleteUserService<Base: UserService>: UserServiceDecorator {
    let base: Base

    func deleteUser(id: UInt64) async throws -> Bool {
        _ = try await base.deleteUser(id: id)
        return true
    }
}
