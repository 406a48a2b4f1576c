import ExerciseKit
import ScaleCore
import UserExercise

/// Emails made unique by looking for them in the `users` table before writing, instead of
/// reserving each one atomically on a single owner; `findUser` asks every node.
struct EmailScanUserService: UserService {
    enum Scope: Sendable {
        /// Bug: looks only on the new user's own node, as the monolith's check did; a clash on another node slips through.
        case ownNode
        /// Bug: asks every node, then inserts after a suspension; concurrent creates all see the email free and all win.
        case everyNodeThenInsert
    }

    let shards: NaiveShards
    let scope: Scope
    /// Suspensions between the check and the insert: the window a concurrent create slips into.
    static let checkToInsertYieldCount = 3
    static let checkToInsertSleepNanos: UInt64 = 1_000_000

    func createUser(_ user: User) async throws {
        switch scope {
        case .ownNode:
            try await shards.write(shards.node(ofUser: user.id)) { connection in
                guard try NaiveRows.users(email: user.email, on: connection).isEmpty else { throw UserServiceError.duplicateEmail(user.email) }
                guard try NaiveRows.insert(user, on: connection) else { throw UserServiceError.duplicateID(user.id) }
            }
        case .everyNodeThenInsert:
            guard try await findUser(email: user.email) == nil else { throw UserServiceError.duplicateEmail(user.email) }
            for _ in 0..<Self.checkToInsertYieldCount { await Task.yield() }
            await PreciseSleeper.shared.sleep(nanos: Self.checkToInsertSleepNanos)
            let inserted = try await shards.write(shards.node(ofUser: user.id)) { try NaiveRows.insert(user, on: $0) }
            guard inserted else { throw UserServiceError.duplicateID(user.id) }
        }
    }

    func getUser(id: UInt64) async throws -> User? {
        try await shards.read(shards.node(ofUser: id)) { try NaiveRows.user(id: id, on: $0) }
    }

    func updateUser(_ user: User) async throws {
        guard let current = try await getUser(id: user.id) else { throw UserServiceError.notFound(user.id) }
        if current.email != user.email, let holder = try await holder(of: user.email, near: user.id), holder.id != user.id {
            throw UserServiceError.duplicateEmail(user.email)
        }
        _ = try await shards.write(shards.node(ofUser: user.id)) { try NaiveRows.update(user, on: $0) }
    }

    func deleteUser(id: UInt64) async throws -> Bool {
        try await shards.write(shards.node(ofUser: id)) { try NaiveRows.delete(id: id, on: $0) }
    }

    func findUser(email: String) async throws -> User? {
        try await shards.everyNode { try NaiveRows.users(email: email, on: $0) }.first
    }

    func addShard() async throws {
        throw UserServiceError(.unsupported, "the naive design has a fixed shard count")
    }

    /// Who has `email`, looked up where this design's scope looks.
    private func holder(of email: String, near id: UInt64) async throws -> User? {
        switch scope {
        case .ownNode: try await shards.read(shards.node(ofUser: id)) { try NaiveRows.users(email: email, on: $0) }.first
        case .everyNodeThenInsert: try await findUser(email: email)
        }
    }
}
