import UserExercise

/// Bug: createUser stores id, email and name but forgets the profile fields.
struct ProfileDroppingUserService<Base: UserService>: UserServiceDecorator {
    let base: Base

    func createUser(_ user: User) async throws {
        try await base.createUser(User(id: user.id, email: user.email, name: user.name))
    }
}
