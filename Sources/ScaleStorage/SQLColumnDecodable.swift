import ScaleSupport
import CSQLite

/// A Swift type that can be read from a result column with its storage class checked
/// (`try row.decode(0, as: String.self)`): reading TEXT as `Int64` or NULL as a non-optional
/// throws a `.mismatch` error instead of SQLite's silent conversion.
///
/// Conformances: `Int64`, `Int`, `Double` (INTEGER or REAL), `String`, `[UInt8]`, `Bool`,
/// `SQLValue` (anything), and `Optional` of any of them (NULL reads as `nil`).
public protocol SQLColumnDecodable {
    /// Reads column `index` (0-based) of the current row.
    static func decode(from row: SQLiteRow, at index: Int32) throws -> Self
}

extension Int64: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> Int64 {
        try row.expect(SQLITE_INTEGER, at: index, for: "Int64")
        return row.int64(at: index)
    }
}

extension Int: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> Int {
        try row.expect(SQLITE_INTEGER, at: index, for: "Int")
        return Int(row.int64(at: index))
    }
}

extension Bool: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> Bool {
        try row.expect(SQLITE_INTEGER, at: index, for: "Bool")
        return row.int64(at: index) != 0
    }
}

extension Double: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> Double {
        if row.storageClass(at: index) != SQLITE_INTEGER {
            try row.expect(SQLITE_FLOAT, at: index, for: "Double")
        }
        return row.double(at: index)
    }
}

extension String: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> String {
        try row.expect(SQLITE_TEXT, at: index, for: "String")
        return row.string(at: index)
    }
}

extension Array: SQLColumnDecodable where Element == UInt8 {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> [UInt8] {
        try row.expect(SQLITE_BLOB, at: index, for: "[UInt8]")
        return row.bytes(at: index)
    }
}

extension SQLValue: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> SQLValue {
        row.value(at: index)
    }
}

extension Optional: SQLColumnDecodable where Wrapped: SQLColumnDecodable {
    public static func decode(from row: SQLiteRow, at index: Int32) throws -> Wrapped? {
        row.isNull(at: index) ? nil : try Wrapped.decode(from: row, at: index)
    }
}
