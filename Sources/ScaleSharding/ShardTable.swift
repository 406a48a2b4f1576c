import ScaleSupport
import ScaleStorage
/// A table the shard mover copies between nodes.
///
/// Rows are identified by the table's PRIMARY KEY, which the mover requires: a row written to
/// two nodes during a move must be the same row on both, so give rows explicit key values
/// (not auto-assigned rowids). Rows are placed by the value in `keyColumn`, turned into a
/// `PartitionKey` by `placementKey` — the same key the service routes the row's operations by.
public struct ShardTable: Sendable {
    /// The table's name.
    public var name: String
    /// The column whose value places the row (e.g. `user_id`; need not be unique).
    public var keyColumn: String
    /// The placement key of a `keyColumn` value; nil leaves the row where it is.
    public var placementKey: @Sendable (SQLValue) -> PartitionKey?

    /// A table placed by `keyColumn`; by default INTEGER values place like `PartitionKey(Int64)`
    /// and TEXT like `PartitionKey(String)`.
    public init(
        _ name: String,
        keyColumn: String,
        placementKey: @escaping @Sendable (SQLValue) -> PartitionKey? = { PartitionKey($0) }
    ) {
        self.name = name
        self.keyColumn = keyColumn
        self.placementKey = placementKey
    }
}

/// A table's columns and primary key as the mover needs them, with its SQL prepared as text.
/// Package-wide: the cluster's mover over replica sets pages and places rows the same way.
package struct ShardTableShape: Sendable {
    package let table: ShardTable
    package let columns: [String]
    package let keyIndex: Int
    package let primaryKeyIndexes: [Int]
    package let selectFirstSQL: String
    package let selectAfterSQL: String
    package let selectKeySQL: String
    package let upsertSQL: String
    package let deleteSQL: String

    /// Reads the table's columns and primary key from `node`.
    package static func load(_ table: ShardTable, from node: StorageNode) throws -> ShardTableShape {
        let info = try node.read { connection in
            try connection.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", table.name) { row in
                (name: row.string(at: 0), primaryKeyPosition: row.int64(at: 1))
            }
        }
        guard !info.isEmpty else {
            throw ShardingError(.unsupportedTable, "no table '\(table.name)' on node '\(node.name)'")
        }
        let columns = info.map(\.name)
        guard let keyIndex = columns.firstIndex(of: table.keyColumn) else {
            throw ShardingError(.unsupportedTable, "table '\(table.name)' has no column '\(table.keyColumn)'")
        }
        let primaryKeyIndexes = info.indices.filter { info[$0].primaryKeyPosition > 0 }
            .sorted { info[$0].primaryKeyPosition < info[$1].primaryKeyPosition }
        guard !primaryKeyIndexes.isEmpty else {
            throw ShardingError(.unsupportedTable, "table '\(table.name)' has no PRIMARY KEY; the mover identifies rows by it")
        }
        let name = SQLIdentifier.quote(table.name)
        let columnList = SQLIdentifier.list(columns)
        let primaryKey = "(\(SQLIdentifier.list(primaryKeyIndexes.map { columns[$0] })))"
        let primaryKeyParameters = "(\(Array(repeating: "?", count: primaryKeyIndexes.count).joined(separator: ", ")))"
        let order = SQLIdentifier.list(primaryKeyIndexes.map { columns[$0] })
        return ShardTableShape(
            table: table,
            columns: columns,
            keyIndex: keyIndex,
            primaryKeyIndexes: primaryKeyIndexes,
            selectFirstSQL: "SELECT \(columnList) FROM \(name) ORDER BY \(order) LIMIT ?",
            selectAfterSQL: "SELECT \(columnList) FROM \(name) WHERE \(primaryKey) > \(primaryKeyParameters) ORDER BY \(order) LIMIT ?",
            selectKeySQL: "SELECT \(columnList) FROM \(name) WHERE \(SQLIdentifier.quote(table.keyColumn)) = ?",
            upsertSQL: "INSERT OR REPLACE INTO \(name) (\(columnList)) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))",
            deleteSQL: "DELETE FROM \(name) WHERE \(primaryKey) = \(primaryKeyParameters)"
        )
    }

    /// The rows of `rows` that `old` places on `source` and `target` elsewhere, by new owner.
    package func moving(_ rows: [[SQLValue]], from source: ShardID, old: some Partitioner, target: some Partitioner) -> [ShardID: [[SQLValue]]] {
        var byDestination: [ShardID: [[SQLValue]]] = [:]
        for row in rows {
            guard let key = table.placementKey(row[keyIndex]), old.shard(for: key) == source else { continue }
            let destination = target.shard(for: key)
            if destination != source { byDestination[destination, default: []].append(row) }
        }
        return byDestination
    }

    /// The rows of `rows` on `shard` that `layout` places elsewhere (left behind by a move).
    package func placedElsewhere(_ rows: [[SQLValue]], than shard: ShardID, by layout: some Partitioner) -> [[SQLValue]] {
        rows.filter { row in
            guard let key = table.placementKey(row[keyIndex]) else { return false }
            return layout.shard(for: key) != shard
        }
    }

    /// Writes `rows` over whatever rows share their primary keys.
    package func upsert(_ rows: [[SQLValue]], on connection: SQLiteConnection) throws {
        for row in rows { try connection.run(upsertSQL, arguments: row) }
    }

    /// Deletes `rows` by primary key; returns how many were there.
    package func delete(_ rows: [[SQLValue]], on connection: SQLiteConnection) throws -> Int {
        var deleted = 0
        for row in rows { deleted += try connection.run(deleteSQL, arguments: primaryKey(of: row)) }
        return deleted
    }

    /// The primary key values of `row`.
    package func primaryKey(of row: [SQLValue]) -> [SQLValue] {
        primaryKeyIndexes.map { row[$0] }
    }

    /// Up to `limit` rows after `cursor` in primary-key order (from the start when nil).
    func rows(after cursor: [SQLValue]?, limit: Int, on connection: SQLiteConnection) throws -> [[SQLValue]] {
        let sql = cursor == nil ? selectFirstSQL : selectAfterSQL
        return try connection.query(sql, arguments: (cursor ?? []) + [.integer(Int64(limit))]) { $0.values }
    }

    /// The rows whose key column holds `key`.
    func rows(withKey key: SQLValue, on connection: SQLiteConnection) throws -> [[SQLValue]] {
        try connection.query(selectKeySQL, arguments: [key]) { $0.values }
    }
}
