import ScaleSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite

/// What a node has done since it was created (counts survive close and reopen) and its size now.
public struct StorageNodeCounters: Sendable, Hashable, Codable {
    /// `read` and `snapshot` closures run.
    public var reads: Int
    /// Rows stepped inside read closures.
    public var rowsRead: Int
    /// Write transactions committed.
    public var writes: Int
    /// Write transactions rolled back (the closure or the commit threw).
    public var failedWrites: Int
    /// Rows inserted, updated or deleted by committed writes.
    public var rowsWritten: Int
    /// `page_count * page_size` of the database (in memory: the database's size in memory).
    public var databaseBytes: Int64
    /// Size of the WAL file; 0 in memory or after a clean close.
    public var walBytes: Int64

    /// Database plus WAL bytes.
    public var bytesOnDisk: Int64 { databaseBytes + walBytes }

    public init(reads: Int = 0, rowsRead: Int = 0, writes: Int = 0, failedWrites: Int = 0,
                rowsWritten: Int = 0, databaseBytes: Int64 = 0, walBytes: Int64 = 0) {
        self.reads = reads
        self.rowsRead = rowsRead
        self.writes = writes
        self.failedWrites = failedWrites
        self.rowsWritten = rowsWritten
        self.databaseBytes = databaseBytes
        self.walBytes = walBytes
    }
}

extension StorageNode {
    /// The node's counters and current size. Waits briefly for a running closure on each connection.
    public func counters() -> StorageNodeCounters {
        var counters = StorageNodeCounters()
        for slot in uniqueSlots {
            slot.withLock { slot in
                counters.reads += slot.reads
                counters.rowsRead += slot.rowsRead
                counters.writes += slot.writes
                counters.failedWrites += slot.failedWrites
                counters.rowsWritten += slot.rowsWritten
            }
        }
        counters.databaseBytes = databaseBytes()
        if let path = options.path { counters.walBytes = Self.fileSize(path + "-wal") }
        return counters
    }

    /// Copies committed WAL content into the database file; `truncate` also empties the WAL file.
    public func checkpoint(truncate: Bool = false) throws {
        try withWriteConnection { connection in
            let mode = truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE
            let result = sqlite3_wal_checkpoint_v2(connection.handle, nil, mode, nil, nil)
            guard result == SQLITE_OK else {
                throw StorageError.sqlite(result, db: connection.handle, sql: "wal_checkpoint")
            }
        }
    }

    /// `page_count * page_size` through the first reader (not counted as a read); the file size when closed.
    private func databaseBytes() -> Int64 {
        let measured: Int64? = readers[0].withLock { slot in
            guard let connection = slot.connection else { return nil }
            guard let pages = try? connection.queryOne("PRAGMA page_count", row: { $0.int64(at: 0) }),
                  let pageSize = try? connection.queryOne("PRAGMA page_size", row: { $0.int64(at: 0) }) else { return nil }
            return pages * pageSize
        }
        if let measured { return measured }
        return options.path.map { Self.fileSize($0) } ?? 0
    }

    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }
}
