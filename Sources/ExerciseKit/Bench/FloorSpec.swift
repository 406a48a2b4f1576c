import LoadGenerator

/// What an exercise's raw-SQLite floor does: the same data and lookups straight on one database,
/// with no routing, network or service code, so a table shows what each design costs over storage.
public struct FloorSpec: Sendable {
    /// Creates the floor's tables.
    public var schemaSQL: String
    /// Inserts the record for key `?1` (run for keys `0..<keyCount` in one transaction).
    public var populateSQL: String
    /// For each operation name of a scenario's mix, what it runs. Operations without an entry run
    /// the `fallbackOperation`'s.
    public var operations: [String: FloorOperation]
    /// The operation run for names missing from `operations`.
    public var fallbackOperation: String

    public init(schemaSQL: String, populateSQL: String, operations: [String: FloorOperation], fallbackOperation: String) {
        self.schemaSQL = schemaSQL
        self.populateSQL = populateSQL
        self.operations = operations
        self.fallbackOperation = fallbackOperation
    }

    /// A floor whose every operation is one statement.
    public init(schemaSQL: String, populateSQL: String, operationSQL: [String: String], fallbackOperation: String) {
        self.init(schemaSQL: schemaSQL, populateSQL: populateSQL, operations: operationSQL.mapValues { .statement($0) }, fallbackOperation: fallbackOperation)
    }

    /// What operation `name` runs.
    func operation(named name: String) -> FloorOperation {
        operations[name] ?? operations[fallbackOperation] ?? .statement("SELECT 1")
    }
}

/// One floor operation: a statement, or several in one `BEGIN IMMEDIATE` transaction (a seat
/// claim and its booking row). Every statement may bind `?1` the operation's key, `?2` a value
/// string of `--value-size` bytes, and `?3` a number unique to the operation (a new row's id).
public struct FloorOperation: Sendable, Hashable {
    public var statements: [String]
    /// When the first statement changes no row (the seat was taken), the transaction rolls back
    /// and the operation counts as an error of kind `contention`.
    public var abortsWhenFirstChangesNothing: Bool
    /// Indices of the statements that begin a further transaction (the previous one commits
    /// first): a hold and its confirm are two transactions, each its own request, so each takes
    /// its own turn at the writer. Empty: one transaction.
    public var transactionStarts: Set<Int> = []

    public static func statement(_ sql: String) -> FloorOperation {
        FloorOperation(statements: [sql], abortsWhenFirstChangesNothing: false)
    }

    public static func transaction(_ statements: [String], abortingWhenFirstChangesNothing: Bool = false) -> FloorOperation {
        FloorOperation(statements: statements, abortsWhenFirstChangesNothing: abortingWhenFirstChangesNothing)
    }

    /// Several transactions one after another (each `BEGIN IMMEDIATE … COMMIT`), as one operation.
    public static func transactions(_ transactions: [[String]], abortingWhenFirstChangesNothing: Bool = false) -> FloorOperation {
        var operation = FloorOperation(statements: transactions.flatMap { $0 }, abortsWhenFirstChangesNothing: abortingWhenFirstChangesNothing)
        var start = 0
        for transaction in transactions.dropLast() {
            start += transaction.count
            operation.transactionStarts.insert(start)
        }
        return operation
    }

    /// More than one statement, or a conditional one: run inside a transaction.
    var isTransaction: Bool { statements.count > 1 || abortsWhenFirstChangesNothing }

    /// The statements of each transaction (or of the one statement), in order.
    package var transactionRanges: [Range<Int>] {
        let bounds = [0] + transactionStarts.filter { $0 > 0 && $0 < statements.count }.sorted() + [statements.count]
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }
}

/// A floor operation that SQLite refused (`sqlite`) or whose condition failed (`contention`).
public struct FloorError: Error, LabeledError, CustomStringConvertible, Sendable {
    public var message: String
    public var errorKindLabel: String

    public init(_ message: String, kind: String = "sqlite") {
        self.message = message
        errorKindLabel = kind
    }

    public var description: String { "floor: \(message)" }
}
