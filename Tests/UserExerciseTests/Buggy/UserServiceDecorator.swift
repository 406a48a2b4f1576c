import UserExercise

/// A service that forwards every call to `base`; a buggy design overrides only the method it gets wrong.
protocol UserServiceDecorator: UserService {
    associatedtype Base: UserService
    var base: Base { get }
}

extension UserServiceDecorator {
    func createUser(_ user: User) async throws { try await base.createUser(user) }
    func getUser(id: UInt64) async throws -> User? { try await base.getUser(id: id) }
    func updateUser(_ user: User) async throws { try await base.updateUser(user) }
    func deleteUser(id: UInt64) async throws -> Bool { try await base.deleteUser(id: id) }
    func findUser(email: String) async throws -> User? { try await base.findUser(email: email) }
    func addShard() async throws { try await base.addShard() }
}
