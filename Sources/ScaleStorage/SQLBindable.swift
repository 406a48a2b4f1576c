import ScaleSupport
import CSQLite

/// A Swift value that can be bound to a statement parameter. Values only ever reach SQL this way,
/// never by string interpolation.
///
/// Conformances: `Int64`, `Int`, `Int32`, `Double`, `String`, `[UInt8]` (blob), `Bool` (0/1),
/// `SQLValue`, and `Optional` of any of them (`nil` binds NULL). `UInt64` is deliberately
/// missing: SQLite integers are signed, so convert explicitly (`Int64(bitPattern:)`).
public protocol SQLBindable {
    /// Binds `self` to parameter `index` (1-based) of `statement`.
    func bind(to statement: SQLiteStatement, at index: Int32) throws
}

extension Int64: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        try statement.check(sqlite3_bind_int64(statement.handle, index, self))
    }
}

extension Int: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        try Int64(self).bind(to: statement, at: index)
    }
}

extension Int32: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        try Int64(self).bind(to: statement, at: index)
    }
}

extension Bool: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        try Int64(self ? 1 : 0).bind(to: statement, at: index)
    }
}

extension Double: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        try statement.check(sqlite3_bind_double(statement.handle, index, self))
    }
}

extension String: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        var text = self
        let result = text.withUTF8 { utf8 -> Int32 in
            // A nil base address would bind NULL; an empty string must stay ''.
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(statement.handle, index, "", 0, SQLiteStatement.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(statement.handle, index, $0, Int32(utf8.count), SQLiteStatement.transient)
            }
        }
        try statement.check(result)
    }
}

extension Array: SQLBindable where Element == UInt8 {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        let result = withUnsafeBytes { bytes -> Int32 in
            // A nil base address would bind NULL; an empty array must stay an empty blob.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_zeroblob(statement.handle, index, 0)
            }
            return sqlite3_bind_blob(statement.handle, index, base, Int32(bytes.count), SQLiteStatement.transient)
        }
        try statement.check(result)
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    @inlinable
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        switch self {
        case .some(let value): try value.bind(to: statement, at: index)
        case .none: try statement.check(sqlite3_bind_null(statement.handle, index))
        }
    }
}

extension SQLValue: SQLBindable {
    public func bind(to statement: SQLiteStatement, at index: Int32) throws {
        switch self {
        case .integer(let value): try value.bind(to: statement, at: index)
        case .real(let value): try value.bind(to: statement, at: index)
        case .text(let value): try value.bind(to: statement, at: index)
        case .blob(let value): try value.bind(to: statement, at: index)
        case .null: try statement.check(sqlite3_bind_null(statement.handle, index))
        }
    }
}
