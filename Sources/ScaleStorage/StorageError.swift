import ScaleSupport
import CSQLite

/// An error from a storage node: the SQLite result code (or a wrapper code), SQLite's extended
/// code and message, and the SQL that failed.
///
/// Match on `code` (`error.code == .constraint`); `extendedCode` tells e.g. a UNIQUE violation
/// (`SQLITE_CONSTRAINT_UNIQUE`) from a NOT NULL one.
public struct StorageError: CodedError {
    /// The primary result code: SQLite's (1...255) or one of the wrapper's own (`nodeClosed`, ...).
    public var code: Code
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, ...); equals `code.rawValue` when
    /// SQLite has nothing finer to say or the error is the wrapper's own.
    public var extendedCode: Int32
    /// What went wrong, as SQLite or the wrapper worded it.
    public var message: String
    /// The statement that failed, when there is one.
    public var sql: String?

    /// Creates an error; `extendedCode` defaults to the primary code.
    public init(code: Code, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code.rawValue
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "StorageError(\(code)"
        if extendedCode != code.rawValue { text += ", extended \(extendedCode)" }
        text += "): \(message)"
        if let sql { text += " [SQL: \(sql)]" }
        return text
    }

    /// True for every kind of constraint violation (UNIQUE, NOT NULL, CHECK, FOREIGN KEY, ...).
    public var isConstraintViolation: Bool { code == .constraint }

    /// The error SQLite reports for result code `resultCode` on connection `db`.
    @usableFromInline
    package static func sqlite(_ resultCode: Int32, db: OpaquePointer?, sql: String?) -> StorageError {
        let extended = db.map { sqlite3_extended_errcode($0) } ?? resultCode
        let message: String
        if let db, let text = sqlite3_errmsg(db) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
        }
        // SQLite keeps the last error per connection; trust `resultCode` over a stale extended code.
        let extendedMatches = extended & 0xFF == resultCode & 0xFF
        return StorageError(
            code: Code(rawValue: resultCode & 0xFF),
            extendedCode: extendedMatches ? extended : resultCode,
            message: message,
            sql: sql
        )
    }
}
