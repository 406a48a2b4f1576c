import ScaleSupport
/// How a `StorageNode` opens its database.
public struct StorageNodeOptions: Sendable, Hashable, Codable {
    /// Where the database lives.
    public enum Location: Sendable, Hashable, Codable {
        /// A database file (WAL mode) at `path`; the node owns `path`, `path-wal` and `path-shm`.
        case file(path: String)
        /// A private in-memory database, gone when the node closes or crashes. Reads and writes
        /// share its one connection (SQLite's shared-cache mode would add table locks that fail
        /// with SQLITE_LOCKED instead of waiting), so in-memory reads do not run in parallel.
        case memory
    }

    /// SQLite's `PRAGMA synchronous`: how hard a commit waits for the disk.
    public enum Synchronous: String, Sendable, Hashable, Codable, CaseIterable {
        /// No fsync: survives a process crash, not a power cut.
        case off = "OFF"
        /// WAL default: fsync at checkpoints; commits survive a process crash, the last ones may
        /// be lost on power loss.
        case normal = "NORMAL"
        /// fsync the WAL on every commit: commits survive power loss.
        case full = "FULL"
        /// FULL plus a directory sync.
        case extra = "EXTRA"
    }

    /// Where the database lives; default file-backed (callers pass a path in the run's folder).
    public var location: Location
    /// Durability of commits (`PRAGMA synchronous`); ignored in memory.
    public var synchronous: Synchronous
    /// Bytes of the file SQLite may memory-map for reads (`PRAGMA mmap_size`); 0 turns it off.
    public var mmapSizeBytes: Int
    /// Read connections that proceed in parallel under WAL; ignored in memory (one connection).
    public var readerCount: Int
    /// Page cache per connection (`PRAGMA cache_size = -KiB`).
    public var pageCacheKibibytes: Int
    /// How long a connection waits for a lock held by another process before SQLITE_BUSY.
    public var busyTimeoutMillis: Int
    /// Prepared statements kept per connection.
    public var statementCacheCapacity: Int
    /// Enforce FOREIGN KEY constraints (off by default in SQLite itself).
    public var foreignKeys: Bool

    /// Options for a database at `location`; the defaults suit a benchmark node on a 2-core machine.
    public init(
        location: Location,
        synchronous: Synchronous = .normal,
        mmapSizeBytes: Int = 256 << 20,
        readerCount: Int = 4,
        pageCacheKibibytes: Int = 16_384,
        busyTimeoutMillis: Int = 5_000,
        statementCacheCapacity: Int = 64,
        foreignKeys: Bool = true
    ) {
        self.location = location
        self.synchronous = synchronous
        self.mmapSizeBytes = mmapSizeBytes
        self.readerCount = readerCount
        self.pageCacheKibibytes = pageCacheKibibytes
        self.busyTimeoutMillis = busyTimeoutMillis
        self.statementCacheCapacity = statementCacheCapacity
        self.foreignKeys = foreignKeys
    }

    /// A file-backed node's options for `<directory>/<name>.sqlite`.
    public static func file(directory: String, name: String) -> StorageNodeOptions {
        let separator = directory.hasSuffix("/") ? "" : "/"
        return StorageNodeOptions(location: .file(path: directory + separator + name + ".sqlite"))
    }

    /// An in-memory node's options.
    public static var memory: StorageNodeOptions { StorageNodeOptions(location: .memory) }

    /// The database file's path, nil in memory.
    public var path: String? {
        if case .file(let path) = location { return path }
        return nil
    }

    /// PRAGMAs every connection of the node runs after opening; values come from typed options.
    var connectionPragmas: String {
        var pragmas = "PRAGMA cache_size = -\(max(0, pageCacheKibibytes));"
        pragmas += "PRAGMA temp_store = MEMORY;"
        pragmas += "PRAGMA foreign_keys = \(foreignKeys ? "ON" : "OFF");"
        if path != nil { pragmas += "PRAGMA mmap_size = \(max(0, mmapSizeBytes));" }
        return pragmas
    }
}
