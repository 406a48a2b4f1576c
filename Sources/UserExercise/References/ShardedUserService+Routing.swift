import ExerciseKit
import ScaleCore

extension ShardedUserService {
    /// Reads `key`'s shard across the network.
    func read<T: Sendable>(_ key: PartitionKey, kind: MessageKind, _ body: (SQLiteConnection) throws -> sending T) async throws -> T {
        try await cluster.read(key, kind: kind, body)
    }

    /// Writes `key`'s owner across the network (in one transaction; on both owners while it moves).
    func write<T: Sendable>(_ key: PartitionKey, kind: MessageKind, _ body: (SQLiteConnection) throws -> sending T) async throws -> T {
        try await cluster.write(key, kind: kind, body)
    }

    /// Takes `email` for `id` on the email's owner shard; refuses an email another user holds.
    /// Returns false when `id` itself already holds it (another write of the same user is in flight).
    @discardableResult
    func reserve(_ email: String, for id: UInt64) async throws -> Bool {
        let holder = try await write(PartitionKey(email), kind: .reserveEmail) { connection -> UInt64? in
            if try connection.run("INSERT INTO emails(email, user_id) VALUES (?, ?) ON CONFLICT(email) DO NOTHING", email, Int64(bitPattern: id)) == 1 {
                return nil
            }
            return try connection.queryOne("SELECT user_id FROM emails WHERE email = ?", email) { UInt64(bitPattern: $0.int64(at: 0)) }
        }
        guard let holder else { return true }
        guard holder == id else { throw UserServiceError.duplicateEmail(email) }
        return false
    }

    /// Frees `email` if `id` holds it.
    func release(_ email: String, of id: UInt64) async throws {
        try await write(PartitionKey(email), kind: .releaseEmail) { connection in
            _ = try connection.run("DELETE FROM emails WHERE email = ? AND user_id = ?", email, Int64(bitPattern: id))
        }
    }

    /// Frees `email` unless user `id`'s row carries it (after a write whose outcome is unknown).
    func releaseUnlessUsed(_ email: String, by id: UInt64) async throws {
        if try await getUser(id: id)?.email != email { try await release(email, of: id) }
    }

    /// Global index: the email's owner says which user holds it; the user row confirms it.
    func findThroughIndex(_ email: String) async throws -> User? {
        let holder = try await read(PartitionKey(email), kind: .indexLookup) { connection in
            try connection.queryOne("SELECT user_id FROM emails WHERE email = ?", email) { UInt64(bitPattern: $0.int64(at: 0)) }
        }
        guard let holder, let user = try await getUser(id: holder), user.email == email else { return nil }
        return user
    }

    /// Scatter-gather: every serving shard is asked at once; a row seen on two shards mid-move is
    /// kept only from the shard that serves its id.
    func findByScatterGather(_ email: String) async throws -> User? {
        try await cluster.scatter(kind: .scatterFind, keyOf: { PartitionKey($0.id) }) { connection in
            try connection.query(UserRows.selectByEmail, email, row: UserSchema.user(from:))
        }.first
    }
}
