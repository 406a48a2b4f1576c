import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// One replicated row write in the key-value row model: `(table, key) -> value` upsert, or delete.
///
/// Exercises replicate their writes by expressing them as row changes: a row is addressed by a
/// table name and a string key, and carries an opaque byte value (encode columns into it).
/// A write may carry several row changes; they are applied atomically, in order, on every replica.
public struct RowChange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The logical table.
    public var table: String
    /// The row's key within the table.
    public var key: String
    /// The new value; `nil` deletes the row.
    public var value: [UInt8]?

    /// Sets `(table, key)` to `value`.
    public static func upsert(table: String, key: String, value: [UInt8]) -> RowChange {
        RowChange(table: table, key: key, value: value)
    }

    /// Removes `(table, key)`.
    public static func delete(table: String, key: String) -> RowChange {
        RowChange(table: table, key: key, value: nil)
    }

    /// A change of `(table, key)` to `value` (`nil` = delete).
    public init(table: String, key: String, value: [UInt8]?) {
        self.table = table
        self.key = key
        self.value = value
    }

    /// True for a delete.
    public var isDelete: Bool { value == nil }

    public var description: String {
        if let value { return "upsert \(table)/\(key) (\(value.count) B)" }
        return "delete \(table)/\(key)"
    }
}

/// The address of one row: the unit of conflicts in multi-primary replication.
public struct RowKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The logical table.
    public var table: String
    /// The row's key within the table.
    public var key: String

    /// Addresses `(table, key)`.
    public init(table: String, key: String) {
        self.table = table
        self.key = key
    }

    public var description: String { "\(table)/\(key)" }
}

extension RowChange {
    /// The row this change writes.
    public var rowKey: RowKey { RowKey(table: table, key: key) }
}
