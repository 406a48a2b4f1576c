import ScaleSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

/// A storage node: one SQLite database (a WAL file, or in memory) behind one write connection and
/// a pool of read connections.
///
/// - `read { conn in ... }` borrows a read connection: reads run in parallel with each other and
///   with the writer (WAL), each statement in its own autocommit snapshot; use `snapshot` for
///   several statements that must see one state.
/// - `write { conn in ... }` runs the closure in a `BEGIN IMMEDIATE` transaction on the single
///   write connection: committed when it returns, rolled back when it throws.
///
/// Don't call a node from inside one of its own closures (the locks are not reentrant): use the
/// connection you were handed. Sendable: every connection sits behind its own lock.
public final class StorageNode: Sendable {
    /// The node's name in errors and reports.
    public let name: String
    /// The options the node was opened with.
    public let options: StorageNodeOptions
    let writer: ConnectionSlot
    // File nodes: `options.readerCount` read-only slots. In memory: just `writer`.
    let readers: [ConnectionSlot]
    // Held by close, crash and reopen so they never interleave; never taken on the read/write path.
    let lifecycle = ThreadLock()

    /// Opens (creating if needed) the database described by `options`.
    public init(name: String = "node", options: StorageNodeOptions) throws {
        self.name = name
        self.options = options
        let writer = ConnectionSlot()
        self.writer = writer
        if options.path == nil {
            readers = [writer]
        } else {
            readers = (0..<max(1, options.readerCount)).map { _ in ConnectionSlot() }
        }
        try lifecycle.withLock { try openConnections() }
    }

    deinit {
        for slot in uniqueSlots {
            slot.withLock { $0.connection?.close(checkpointingWAL: true) }
        }
    }

    /// Every slot once (in memory the writer doubles as the only reader), readers first.
    var uniqueSlots: [ConnectionSlot] {
        options.path == nil ? [writer] : readers + [writer]
    }

    // MARK: reading and writing

    /// Runs `body` on a read connection. Each statement sees the latest committed state;
    /// statements that would write fail with `.readOnly`.
    public func read<T>(_ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        let count = readers.count
        if count == 1 { return try readers[0].withLock { slot in try self.runRead(slot, body) } }
        let start = ThreadStripe.current() % count
        // Prefer a free connection; wait for this thread's usual one only when all are busy.
        var index = start
        for _ in 0..<count {
            if let result = try readers[index].withLockIfAvailable({ slot in try self.runRead(slot, body) }) {
                return result
            }
            index = index + 1 == count ? 0 : index + 1
        }
        return try readers[start].withLock { slot in try self.runRead(slot, body) }
    }

    /// Runs `body` in one read transaction: all its statements see the same committed state.
    public func snapshot<T>(_ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        try read { connection in try connection.transaction(.deferred) { try body(connection) } }
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`); commits when it returns, rolls back
    /// when it throws and rethrows.
    @discardableResult
    public func write<T>(_ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        try writer.withLockTimed { slot in
            let connection = try self.connection(in: slot)
            let changesBefore = connection.totalChanges
            do {
                let result = try connection.transaction(.immediate) { try body(connection) }
                slot.writes += 1
                slot.rowsWritten += connection.totalChanges - changesBefore
                return result
            } catch {
                slot.failedWrites += 1
                throw error
            }
        }
    }

    /// Runs `body` on the write connection outside any transaction: for PRAGMAs, VACUUM, or a
    /// caller that manages its own transactions. Not counted as a write.
    @discardableResult
    public func withWriteConnection<T>(_ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        try writer.withLock { slot in try body(try self.connection(in: slot)) }
    }

    private func runRead<T>(_ slot: ConnectionSlot, _ body: (SQLiteConnection) throws -> sending T) throws -> sending T {
        let connection = try self.connection(in: slot)
        let rowsBefore = connection.tally.rows
        connection.refusesWrites = true
        defer {
            connection.refusesWrites = false
            slot.reads += 1
            slot.rowsRead += connection.tally.rows - rowsBefore
        }
        return try body(connection)
    }

    /// The slot's connection; the caller holds the slot's lock.
    @inline(__always)
    func connection(in slot: ConnectionSlot) throws -> SQLiteConnection {
        guard let connection = slot.connection else { throw closedError() }
        return connection
    }

    private func closedError() -> StorageError {
        StorageError(code: .nodeClosed, message: "storage node '\(name)' is closed; reopen it first")
    }
}
