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

    /// The `profile` column's text: `key=value` lines, sorted by key, with `\\`, `=` and newlines
    /// escaped, so equal profiles store equal text. (JSON through Foundation cost more than the
    /// SQLite lookup itself on every read.)
    public static func encodeProfile(_ profile: [String: String]) -> String {
        var text = ""
        for (key, value) in profile.sorted(by: { $0.key < $1.key }) {
            if !text.isEmpty { text.append("\n") }
            appendEscaped(key, to: &text)
            text.append("=")
            appendEscaped(value, to: &text)
        }
        return text
    }

    /// Reads back `encodeProfile`'s text.
    public static func decodeProfile(_ text: String) -> [String: String] {
        guard !text.isEmpty else { return [:] }
        var profile: [String: String] = [:]
        // Fast path, the common case: nothing escaped, so walk the UTF-8 bytes line by line
        // (no array of lines: this runs on every user read).
        let bytes = text.utf8
        if !bytes.contains(UInt8(ascii: "\\")) {
            var lineStart = bytes.startIndex
            while lineStart < bytes.endIndex {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
                if let equals = bytes[lineStart..<lineEnd].firstIndex(of: UInt8(ascii: "=")) {
                    profile[String(Substring(bytes[lineStart..<equals]))] = String(Substring(bytes[bytes.index(after: equals)..<lineEnd]))
                }
                lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
            }
            return profile
        }
        var key = ""
        var current = ""
        var escaped = false
        var inValue = false
        for character in text {
            if escaped {
                current.append(character == "n" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "=" && !inValue {
                key = current
                current = ""
                inValue = true
            } else if character == "\n" {
                profile[key] = current
                key = ""
                current = ""
                inValue = false
            } else {
                current.append(character)
            }
        }
        profile[key] = current
        return profile
    }

    private static func appendEscaped(_ text: String, to output: inout String) {
        for character in text {
            switch character {
            case "\\": output.append("\\\\")
            case "=": output.append("\\=")
            case "\n": output.append("\\n")
            default: output.append(character)
            }
        }
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
