import LoadGenerator

/// What an exercise's raw-SQLite floor does: the same data and lookups straight on one database,
/// with no routing, network or service code, so a table shows what each design costs over storage.
public struct FloorSpec: Sendable {
    /// Creates the floor's tables.
    public var schemaSQL: String
    /// Inserts the record for key `?1` (run for keys `0..<keyCount` in one transaction).
    public var populateSQL: String
    /// For each operation name of a scenario's mix, the statement it runs with the key bound to `?1`
    /// (and, when it has a `?2`, a value string). Operations without an entry run the `fallbackOperation`.
    public var operationSQL: [String: String]
    /// The operation run for names missing from `operationSQL`.
    public var fallbackOperation: String

    public init(schemaSQL: String, populateSQL: String, operationSQL: [String: String], fallbackOperation: String) {
        self.schemaSQL = schemaSQL
        self.populateSQL = populateSQL
        self.operationSQL = operationSQL
        self.fallbackOperation = fallbackOperation
    }
}

/// A floor operation that SQLite refused; counted under the label `sqlite`.
public struct FloorError: Error, LabeledError, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var errorKindLabel: String { "sqlite" }
    public var description: String { "floor: \(message)" }
}
