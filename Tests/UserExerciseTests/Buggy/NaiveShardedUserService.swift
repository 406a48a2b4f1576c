import ExerciseKit
import ScaleCore
import UserExercise

/// A learner's first sharded design, right while clients take turns: rows by `hash(id)`, each
/// email reserved on the node of `hash(email)`, which doubles as the email index. The buggy
/// designs built on it change one method; the control test shows it passes the sequential checks.
final class NaiveShardedUserService: UserService {
    let shards: NaiveShards

    init(shards: NaiveShards) {
        self.shards = shards
    }

    func createUser(_ user: User) async throws {
        try await reserve(user.email, for: user.id)
        let inserted = try await shards.write(shards.node(ofUser: user.id)) { try NaiveRows.insert(user, on: $0) }
        guard inserted else {
            try await release(user.email)
            throw UserServiceError.duplicateID(user.id)
        }
    }

    func getUser(id: UInt64) async throws -> User? {
        try await shards.read(shards.node(ofUser: id)) { try NaiveRows.user(id: id, on: $0) }
    }

    func updateUser(_ user: User) async throws {
        guard let current = try await getUser(id: user.id) else { throw UserServiceError.notFound(user.id) }
        if current.email != user.email { try await reserve(user.email, for: user.id) }
        _ = try await shards.write(shards.node(ofUser: user.id)) { try NaiveRows.update(user, on: $0) }
        if current.email != user.email { try await release(current.email) }
    }

    func deleteUser(id: UInt64) async throws -> Bool {
        guard let current = try await getUser(id: id) else { return false }
        let deleted = try await shards.write(shards.node(ofUser: id)) { try NaiveRows.delete(id: id, on: $0) }
        try await release(current.email)
        return deleted
    }

    func findUser(email: String) async throws -> User? {
        let holder = try await shards.read(shards.node(ofEmail: email)) { connection in
            try connection.queryOne("SELECT user_id FROM emails WHERE email = ?", email) { UInt64(bitPattern: $0.int64(at: 0)) }
        }
        guard let holder, let user = try await getUser(id: holder), user.email == email else { return nil }
        return user
    }

    func addShard() async throws {
        throw UserServiceError(.unsupported, "the naive design has a fixed shard count")
    }

    /// Takes `email` for `id` on the email's node, or throws `duplicateEmail`.
    func reserve(_ email: String, for id: UInt64) async throws {
        let reserved = try await shards.write(shards.node(ofEmail: email)) { connection in
            try connection.run("INSERT INTO emails(email, user_id) VALUES (?, ?) ON CONFLICT(email) DO NOTHING", email, Int64(bitPattern: id)) == 1
        }
        guard reserved else { throw UserServiceError.duplicateEmail(email) }
    }

    func release(_ email: String) async throws {
        _ = try await shards.write(shards.node(ofEmail: email)) { connection in
            try connection.run("DELETE FROM emails WHERE email = ?", email)
        }
    }
}
