import ScaleSupport
import CSQLite

extension StorageNode {
    /// True while the node has open connections.
    public var isOpen: Bool {
        writer.withLock { $0.connection != nil }
    }

    /// Closes the node cleanly: the last connection to close checkpoints the WAL into the database
    /// file and removes it. Closing a closed node does nothing.
    public func close() {
        lifecycle.withLock { closeConnections(checkpointingWAL: true) }
    }

    /// Drops the node as a killed process would: connections close without a checkpoint, so the
    /// WAL file (and `-shm`) stay behind and committed transactions live only there until reopen
    /// replays them. Waits for closures already running (a crash between operations); an open
    /// transaction cannot exist outside a closure. In memory, the data is gone.
    public func crash() {
        lifecycle.withLock { closeConnections(checkpointingWAL: false) }
    }

    /// Reopens a closed or crashed node from its file (recovering from the WAL after a crash);
    /// an in-memory node comes back empty. Throws `.nodeAlreadyOpen` if it is open.
    public func reopen() throws {
        try lifecycle.withLock {
            guard !isOpen else {
                throw StorageError(code: .nodeAlreadyOpen, message: "storage node '\(name)' is already open")
            }
            try openConnections()
        }
    }

    /// Opens the write connection, then the readers; on failure closes what it opened.
    /// Caller holds `lifecycle`.
    func openConnections() throws {
        do {
            let writeConnection = try openConnection(readOnly: false)
            writer.withLock { $0.connection = writeConnection }
            guard options.path != nil else { return }
            for slot in readers {
                let readConnection = try openConnection(readOnly: true)
                slot.withLock { $0.connection = readConnection }
            }
        } catch {
            closeConnections(checkpointingWAL: true)
            throw error
        }
    }

    /// Closes readers first so the writer is the last connection (the one that checkpoints).
    func closeConnections(checkpointingWAL: Bool) {
        for slot in uniqueSlots {
            slot.withLock { slot in
                slot.connection?.close(checkpointingWAL: checkpointingWAL)
                slot.connection = nil
            }
        }
    }

    private func openConnection(readOnly: Bool) throws -> SQLiteConnection {
        let filename = options.path ?? ":memory:"
        let flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let connection = try SQLiteConnection(
            filename: filename,
            flags: flags,
            statementCacheCapacity: options.statementCacheCapacity,
            busyTimeoutMillis: options.busyTimeoutMillis
        )
        try connection.execute(options.connectionPragmas)
        if options.path != nil, !readOnly {
            let mode = try connection.queryOne("PRAGMA journal_mode = WAL") { $0.string(at: 0) }
            guard mode?.lowercased() == "wal" else {
                throw StorageError(
                    code: .cantOpen,
                    message: "storage node '\(name)' could not switch '\(filename)' to WAL (journal_mode is \(mode ?? "unknown"))"
                )
            }
            try connection.execute("PRAGMA synchronous = \(options.synchronous.rawValue)")
        }
        return connection
    }
}
