import Foundation
import ScaleCore

/// The tables every node of a UserService cluster starts with.
///
/// - `users`: the user rows, placed by `id`.
/// - `emails`: one row per taken email, placed by the email: the uniqueness owner of that email,
///   and (for the global-index design) the index from email to user id.
public enum UserSchema {
    public static let migrations = SchemaMigrations(component: "user-service", steps: [
        SchemaMigration(version: 1, name: "users and emails", sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL,
                name TEXT NOT NULL,
                profile TEXT NOT NULL
            );
            CREATE INDEX users_by_email ON users(email);
            CREATE TABLE emails (
                email TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
    ])

    /// The `profile` column's text: JSON with sorted keys, so equal profiles store equal text.
    public static func encodeProfile(_ profile: [String: String]) -> String {
        guard !profile.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(profile)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// Reads back `encodeProfile`'s text.
    public static func decodeProfile(_ text: String) -> [String: String] {
        guard text != "{}" else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }

    /// `SELECT` column list matching `user(from:)`.
    public static let userColumns = "id, email, name, profile"

    /// A user from a row of `SELECT \(userColumns)`.
    public static func user(from row: SQLiteRow) -> User {
        User(
            id: UInt64(bitPattern: row.int64(at: 0)), email: row.string(at: 1),
            name: row.string(at: 2), profile: decodeProfile(row.string(at: 3))
        )
    }
}
