import UserExercise

/// Bug: createUser of an existing id overwrites that user instead of refusing with `duplicateID`.
struct UpsertingCreateUserService<Base: UserService>: UserServiceDecorator {
    let base: Base

    func createUser(_ user: User) async throws {
        if try await base.getUser(id: user.id) != nil {
            try await base.updateUser(user)
        } else {
            try await base.createUser(user)
        }
    }
}
