import CSQLite
import Foundation
import LoadGenerator
import ScaleCore
import Synchronization

/// The floor: a scenario's operations as prepared statements on one SQLite database through the
/// C API alone (`sqlite3_bind` / `sqlite3_step` / `sqlite3_reset`), one connection per worker.
public final class RawSQLiteFloor: LoadTarget {
    /// One connection and its prepared statements (a list per mix entry).
    final class RawConnection: @unchecked Sendable {
        // Mutated only by `prepare` before the connection is published into a slot; afterwards
        // touched only while that slot's lock is held.
        let handle: OpaquePointer
        private(set) var statements: [[OpaquePointer]] = []
        /// BEGIN IMMEDIATE, COMMIT, ROLLBACK, prepared once.
        private(set) var transactionControl: [OpaquePointer] = []

        init(path: String, flags: Int32) throws {
            var handle: OpaquePointer?
            scalebench_sqlite3_setup()
            guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close_v2(handle)
                throw ClusterError("floor: cannot open \(path): \(message)")
            }
            self.handle = handle
            // Writers on other connections wait for the WAL write lock instead of failing with SQLITE_BUSY.
            sqlite3_busy_timeout(handle, 5_000)
        }

        func prepare(_ operations: [FloorOperation]) throws {
            transactionControl = try ["BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"].map(prepareOne)
            statements = try operations.map { try $0.statements.map(prepareOne) }
        }

        private func prepareOne(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                throw ClusterError("floor: cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
            }
            return statement
        }

        func close() {
            (statements.flatMap { $0 } + transactionControl).forEach { sqlite3_finalize($0) }
            statements = []
            transactionControl = []
            sqlite3_close_v2(handle)
        }
    }

    /// Slot 0 is the only one that writes (as in a storage node: one writer, WAL readers beside it).
    private let slots: [Locked<RawConnection?>]
    /// The writer's typical transaction, which sets how long a waiting writer spins (as a
    /// storage node's writer does).
    private let writerHoldTimer = LockHoldTimer()
    /// Per mix entry: whether it writes.
    private let writes: [Bool]
    /// Per mix entry: what it runs.
    private let operations: [FloorOperation]
    /// Per mix entry: its statements grouped by transaction.
    private let transactionRanges: [[Range<Int>]]
    private let directory: String?
    private let valueText: String
    // Bound to `?3`: unique per operation across all workers.
    private let sequence = Atomic<Int64>(0)

    /// Opens `connectionCount` connections to a fresh database holding `keyCount` records and
    /// prepares one statement per entry of `mix`.
    public init(spec: FloorSpec, mix: OperationMix, keyCount: UInt64, connectionCount: Int, inMemory: Bool, valueSizeBytes: Int) throws {
        valueText = String(repeating: "x", count: max(0, valueSizeBytes))
        let operations = mix.entries.map { spec.operation(named: $0.name) }
        self.operations = operations
        transactionRanges = operations.map(\.transactionRanges)
        var path = ":memory:"
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        if inMemory {
            directory = nil
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scalebench-floor-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            directory = folder
            path = folder + "/floor.sqlite"
        }
        let setup = try RawConnection(path: path, flags: flags)
        var opened = [setup]
        do {
            try Self.exec(setup.handle, inMemory ? "" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
            try Self.exec(setup.handle, spec.schemaSQL)
            try Self.populate(setup.handle, sql: spec.populateSQL, keyCount: keyCount, value: valueText)
            try setup.prepare(operations)
            // In memory another connection would see another database, so the setup one serves alone.
            if !inMemory {
                for _ in 1..<max(1, connectionCount) {
                    let connection = try RawConnection(path: path, flags: flags)
                    opened.append(connection)
                    try connection.prepare(operations)
                }
            }
        } catch {
            opened.forEach { $0.close() }
            if let directory { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
        writes = setup.statements.map { $0.contains { sqlite3_stmt_readonly($0) == 0 } }
        slots = opened.map { Locked(Optional($0)) }
    }

    public func perform(_ operation: LoadOperation) async throws {
        if writes[operation.kindIndex] {
            let unique = sequence.add(1, ordering: .relaxed).newValue
            let floorOperation = operations[operation.kindIndex]
            // A hold and its confirm are two requests: the writer is released between them, and
            // taken as a storage node's writer is, as for the reference's two writes.
            for range in transactionRanges[operation.kindIndex] {
                try slots[0].withLock(timedBy: writerHoldTimer) { try Self.run(floorOperation, range, on: $0, operation, value: valueText, unique: unique) }
            }
            return
        }
        let count = slots.count
        var index = Int(truncatingIfNeeded: operation.key % UInt64(count))
        // Prefer a free connection, so workers do not queue behind each other.
        for _ in 0..<count {
            if let done = try slots[index].withLockIfAvailable({ try Self.step($0, operation, value: valueText) }) {
                return done
            }
            index = index + 1 == count ? 0 : index + 1
        }
        try slots[index].withLock { try Self.step($0, operation, value: valueText) }
    }

    /// The first column of `sql`'s first row on the writer connection (for tests and sanity checks).
    public func count(_ sql: String) throws -> Int64 {
        try slots[0].withLock { connection in
            guard let connection else { throw ClusterError("floor: closed") }
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw FloorError("cannot prepare \(sql): \(String(cString: sqlite3_errmsg(connection.handle)))")
            }
            defer { sqlite3_finalize(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { throw FloorError("\(sql) returned no row") }
            return sqlite3_column_int64(statement, 0)
        }
    }

    /// Closes every connection and removes the floor's files.
    public func close() {
        for slot in slots {
            slot.withLock { connection in
                connection?.close()
                connection = nil
            }
        }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// One transaction of a writing operation (its statements `range`) on the writer connection;
    /// a lone unconditional statement runs on its own.
    private static func run(
        _ floorOperation: FloorOperation, _ range: Range<Int>, on connection: RawConnection?, _ operation: LoadOperation, value: String, unique: Int64
    ) throws {
        guard let connection else { throw ClusterError("floor: closed") }
        let statements = connection.statements[operation.kindIndex]
        guard floorOperation.isTransaction else {
            return try execute(statements[0], on: connection, operation, value: value, unique: unique)
        }
        let control = connection.transactionControl
        try execute(control[0], on: connection, operation, value: value, unique: unique)
        do {
            for index in range {
                try execute(statements[index], on: connection, operation, value: value, unique: unique)
                if index == 0, floorOperation.abortsWhenFirstChangesNothing, sqlite3_changes(connection.handle) == 0 {
                    throw FloorError("the first statement changed no row", kind: "contention")
                }
            }
            try execute(control[1], on: connection, operation, value: value, unique: unique)
        } catch {
            try? execute(control[2], on: connection, operation, value: value, unique: unique)
            throw error
        }
    }

    private static func step(_ connection: RawConnection?, _ operation: LoadOperation, value: String) throws {
        guard let connection else { throw ClusterError("floor: closed") }
        try execute(connection.statements[operation.kindIndex][0], on: connection, operation, value: value, unique: 0)
    }

    /// Binds `?1` key, `?2` value, `?3` unique number (those the statement has), steps it through its rows, resets it.
    private static func execute(_ statement: OpaquePointer, on connection: RawConnection, _ operation: LoadOperation, value: String, unique: Int64) throws {
        let parameterCount = sqlite3_bind_parameter_count(statement)
        if parameterCount >= 1 { sqlite3_bind_int64(statement, 1, Int64(bitPattern: operation.key)) }
        if parameterCount >= 2 {
            sqlite3_bind_text(statement, 2, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        if parameterCount >= 3 { sqlite3_bind_int64(statement, 3, unique) }
        var code = sqlite3_step(statement)
        while code == SQLITE_ROW {
            readRow(statement)
            code = sqlite3_step(statement)
        }
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw FloorError("step failed: \(String(cString: sqlite3_errmsg(connection.handle)))")
        }
    }

    /// Reads every column out, as a service would to return the row: integers as Int64, text as String.
    private static func readRow(_ statement: OpaquePointer) {
        for column in 0..<sqlite3_column_count(statement) {
            if sqlite3_column_type(statement, column) == SQLITE_TEXT, let text = sqlite3_column_text(statement, column) {
                let count = Int(sqlite3_column_bytes(statement, column))
                let value = String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
                withExtendedLifetime(value) {}
            } else {
                _ = sqlite3_column_int64(statement, column)
            }
        }
    }

    private static func exec(_ handle: OpaquePointer, _ sql: String) throws {
        guard !sql.isEmpty else { return }
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw ClusterError("floor: \(String(cString: sqlite3_errmsg(handle))) in \(sql)")
        }
    }

    private static func populate(_ handle: OpaquePointer, sql: String, keyCount: UInt64, value: String) throws {
        try exec(handle, "BEGIN")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw ClusterError("floor: cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        defer { sqlite3_finalize(statement) }
        for key in 0..<keyCount {
            sqlite3_bind_int64(statement, 1, Int64(bitPattern: key))
            if sqlite3_bind_parameter_count(statement) >= 2 {
                sqlite3_bind_text(statement, 2, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw ClusterError("floor: populate failed: \(String(cString: sqlite3_errmsg(handle)))")
            }
            sqlite3_reset(statement)
        }
        try exec(handle, "COMMIT")
    }
}
