import ScaleCore

/// The SQL every reference design shares for the `users` and `emails` tables.
enum UserRows {
    // Built once: the statement cache then matches the same string storage on every call.
    static let selectByID = "SELECT \(UserSchema.userColumns) FROM users WHERE id = ?"
    static let selectByEmail = "SELECT \(UserSchema.userColumns) FROM users WHERE email = ?"
    static let selectEmailByID = "SELECT email FROM users WHERE id = ?"

    static func user(id: UInt64, on connection: SQLiteConnection) throws -> User? {
        try connection.queryOne(selectByID, Int64(bitPattern: id), row: UserSchema.user(from:))
    }

    static func user(email: String, on connection: SQLiteConnection) throws -> User? {
        try connection.queryOne(selectByEmail, email, row: UserSchema.user(from:))
    }

    /// Inserts the row unless the id exists; true when inserted. Idempotent, so a double write
    /// during a shard move does the same thing on both owners.
    static func insert(_ user: User, on connection: SQLiteConnection) throws -> Bool {
        try connection.run(
            "INSERT INTO users(id, email, name, profile) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            Int64(bitPattern: user.id), user.email, user.name, UserSchema.encodeProfile(user.profile)
        ) == 1
    }

    /// What `updateKeepingEmail` did.
    enum SameEmailUpdate: Sendable {
        case updated, notFound, emailDiffers
    }

    /// Updates name and profile if the stored email is `user.email` (nothing to reserve or release),
    /// in the caller's transaction. The same on both owners during a move: a missing row is left alone.
    static func updateKeepingEmail(_ user: User, on connection: SQLiteConnection) throws -> SameEmailUpdate {
        let id = Int64(bitPattern: user.id)
        guard let stored = try connection.queryOne(selectEmailByID, id, row: { $0.string(at: 0) }) else { return .notFound }
        guard stored == user.email else { return .emailDiffers }
        try connection.run("UPDATE users SET name = ?, profile = ? WHERE id = ?", user.name, UserSchema.encodeProfile(user.profile), id)
        return .updated
    }

    /// Replaces the row's fields; returns the rows changed (0 when the user does not exist).
    @discardableResult
    static func update(_ user: User, on connection: SQLiteConnection) throws -> Int {
        try connection.run(
            "UPDATE users SET email = ?, name = ?, profile = ? WHERE id = ?",
            user.email, user.name, UserSchema.encodeProfile(user.profile), Int64(bitPattern: user.id)
        )
    }
}
