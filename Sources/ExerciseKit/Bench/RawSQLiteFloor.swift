import CSQLite
import Foundation
import LoadGenerator
import ScaleCore

/// The floor: a scenario's operations as prepared statements on one SQLite database through the
/// C API alone (`sqlite3_bind` / `sqlite3_step` / `sqlite3_reset`), one connection per worker.
public final class RawSQLiteFloor: LoadTarget {
    /// One connection and its prepared statements (one per mix entry).
    final class RawConnection: @unchecked Sendable {
        // Mutated only by `prepare` before the connection is published into a slot; afterwards
        // touched only while that slot's lock is held.
        let handle: OpaquePointer
        private(set) var statements: [OpaquePointer] = []

        init(path: String, flags: Int32) throws {
            var handle: OpaquePointer?
            guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close_v2(handle)
                throw ClusterError("floor: cannot open \(path): \(message)")
            }
            self.handle = handle
            // Writers on other connections wait for the WAL write lock instead of failing with SQLITE_BUSY.
            sqlite3_busy_timeout(handle, 5_000)
        }

        func prepare(_ statementSQL: [String]) throws {
            for sql in statementSQL {
                var statement: OpaquePointer?
                guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                    throw ClusterError("floor: cannot prepare \(sql): \(String(cString: sqlite3_errmsg(handle)))")
                }
                statements.append(statement)
            }
        }

        func close() {
            statements.forEach { sqlite3_finalize($0) }
            statements = []
            sqlite3_close_v2(handle)
        }
    }

    /// Slot 0 is the only one that writes (as in a storage node: one writer, WAL readers beside it).
    private let slots: [Locked<RawConnection?>]
    /// Per mix entry: whether its statement writes.
    private let writes: [Bool]
    private let directory: String?
    private let valueText: String

    /// Opens `connectionCount` connections to a fresh database holding `keyCount` records and
    /// prepares one statement per entry of `mix`.
    public init(spec: FloorSpec, mix: OperationMix, keyCount: UInt64, connectionCount: Int, inMemory: Bool, valueSizeBytes: Int) throws {
        valueText = String(repeating: "x", count: max(0, valueSizeBytes))
        let statementSQL = mix.entries.map { spec.operationSQL[$0.name] ?? spec.operationSQL[spec.fallbackOperation] ?? "" }
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
            try setup.prepare(statementSQL)
            // In memory another connection would see another database, so the setup one serves alone.
            if !inMemory {
                for _ in 1..<max(1, connectionCount) {
                    let connection = try RawConnection(path: path, flags: flags)
                    opened.append(connection)
                    try connection.prepare(statementSQL)
                }
            }
        } catch {
            opened.forEach { $0.close() }
            if let directory { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }
        writes = setup.statements.map { sqlite3_stmt_readonly($0) == 0 }
        slots = opened.map { Locked(Optional($0)) }
    }

    public func perform(_ operation: LoadOperation) async throws {
        if writes[operation.kindIndex] {
            return try slots[0].withLock { try Self.step($0, operation, value: valueText) }
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

    private static func step(_ connection: RawConnection?, _ operation: LoadOperation, value: String) throws {
        guard let connection else { throw ClusterError("floor: closed") }
        let statement = connection.statements[operation.kindIndex]
        sqlite3_bind_int64(statement, 1, Int64(bitPattern: operation.key))
        if sqlite3_bind_parameter_count(statement) >= 2 {
            sqlite3_bind_text(statement, 2, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
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
