import ExerciseKit
import ScaleCore
import UserExercise

/// Bug: every user in one in-process dictionary; the cluster is never used. Right for one app
/// server that never restarts; a second instance sees nothing.
final class InProcessUserService: UserService {
    private let users = Locked<[UInt64: User]>([:])

    func createUser(_ user: User) async throws {
        try users.withLock { users in
            if users.values.contains(where: { $0.email == user.email }) { throw UserServiceError.duplicateEmail(user.email) }
            if users[user.id] != nil { throw UserServiceError.duplicateID(user.id) }
            users[user.id] = user
        }
    }

    func getUser(id: UInt64) async throws -> User? { users.withLock { $0[id] } }

    func updateUser(_ user: User) async throws {
        try users.withLock { users in
            guard users[user.id] != nil else { throw UserServiceError.notFound(user.id) }
            if users.values.contains(where: { $0.email == user.email && $0.id != user.id }) { throw UserServiceError.duplicateEmail(user.email) }
            users[user.id] = user
        }
    }

    func deleteUser(id: UInt64) async throws -> Bool { users.withLock { $0.removeValue(forKey: id) != nil } }

    func findUser(email: String) async throws -> User? { users.withLock { $0.values.first { $0.email == email } } }

    func addShard() async throws {}
}

/// Bug: reads go straight to the node's database, around the simulated network: faster, and
/// nothing in a benchmark would say why.
struct DirectNodeReadsUserService: UserServiceDecorator {
    let base: NaiveShardedUserService

    func getUser(id: UInt64) async throws -> User? {
        let shards = base.shards
        return try shards.cluster.node(shards.node(ofUser: id)).read { try NaiveRows.user(id: id, on: $0) }
    }
}
