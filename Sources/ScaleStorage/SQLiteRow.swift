import ScaleSupport
import CSQLite

/// The current row of a stepping statement: valid only inside the closure it was handed to.
///
/// The unchecked readers (`int64(at:)`, `string(at:)`, ...) follow SQLite's conversions (NULL
/// reads as 0 or empty) and are the cheap hot-path choice; `decode(_:as:)` checks the storage class.
/// Column indexes are 0-based.
public struct SQLiteRow {
    @usableFromInline let handle: OpaquePointer

    @usableFromInline init(handle: OpaquePointer) { self.handle = handle }

    /// Number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name (or `AS` alias) of column `index`.
    public func columnName(at index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? ""
    }

    /// True when column `index` is NULL.
    @inlinable
    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as an integer (SQLite's conversion: NULL is 0, REAL truncates).
    @inlinable
    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as a double (SQLite's conversion: NULL is 0).
    @inlinable
    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// Column `index` as UTF-8 text (SQLite's conversion: NULL is "").
    @inlinable
    public func string(at index: Int32) -> String {
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes (SQLite's conversion: NULL is empty, TEXT gives its UTF-8).
    @inlinable
    public func bytes(at index: Int32) -> [UInt8] {
        guard let blob = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: blob, count: count))
    }

    /// Column `index` as whatever storage class it holds.
    public func value(at index: Int32) -> SQLValue {
        switch storageClass(at: index) {
        case SQLITE_INTEGER: return .integer(int64(at: index))
        case SQLITE_FLOAT: return .real(double(at: index))
        case SQLITE_TEXT: return .text(string(at: index))
        case SQLITE_BLOB: return .blob(bytes(at: index))
        default: return .null
        }
    }

    /// All columns of the row, in order.
    public var values: [SQLValue] { (0..<columnCount).map { value(at: $0) } }

    /// Column `index` as `T`, throwing `.mismatch` if the stored type does not fit `T`.
    @inlinable
    public func decode<T: SQLColumnDecodable>(_ index: Int32, as type: T.Type = T.self) throws -> T {
        try T.decode(from: self, at: index)
    }

    /// SQLite's storage class code (`SQLITE_INTEGER`, ...) of column `index` in this row.
    func storageClass(at index: Int32) -> Int32 { sqlite3_column_type(handle, index) }

    /// Throws `.mismatch` unless column `index` holds storage class `expected`.
    func expect(_ expected: Int32, at index: Int32, for swiftType: String) throws {
        let actual = storageClass(at: index)
        guard actual != expected else { return }
        guard index >= 0, index < columnCount else {
            throw StorageError(
                code: .range,
                message: "column \(index) is out of range: the result has \(columnCount) columns",
                sql: sql
            )
        }
        throw StorageError(
            code: .mismatch,
            message: "column \(index) ('\(columnName(at: index))') holds \(Self.storageClassName(actual)), read as \(swiftType)",
            sql: sql
        )
    }

    private var sql: String? { sqlite3_sql(handle).map { String(cString: $0) } }

    private static func storageClassName(_ code: Int32) -> String {
        switch code {
        case SQLITE_INTEGER: return "INTEGER"
        case SQLITE_FLOAT: return "REAL"
        case SQLITE_TEXT: return "TEXT"
        case SQLITE_BLOB: return "BLOB"
        default: return "NULL"
        }
    }
}

@available(*, unavailable)
extension SQLiteRow: Sendable {}
