import ScaleSupport

/// A single-shard inverted-index search engine whose ranking equals SQLite FTS5's `bm25()`.
///
/// Documents go into an in-memory buffer that becomes an immutable segment when flushed (on
/// search, on `commit()`, or when the buffer is full); deletes are tombstones; `merge()` folds
/// segments together. With a `path`, every acknowledged `index`/`delete` is first logged in the
/// SQLite file, `commit()` persists segments and tombstones, and reopening loads them without
/// re-indexing (replaying only the log written since the last commit).
///
/// Thread-safe: writers serialize on one lock; searches read a published snapshot in parallel.
public final class SearchEngine: Sendable {
    /// The most terms a query may have (FTS5 has no such limit; more is refused with a clear error).
    public static let maxQueryTerms = 64
    /// The largest k a search accepts.
    public static let maxResults = 10_000

    /// Tuning and test knobs.
    public struct Options: Sendable {
        /// Buffered documents that trigger a flush into a segment.
        public var maxBufferedDocuments: Int
        /// For tests only: stop a flush or merge at this point as a killed process would.
        public var crashPoint: CrashPoint?

        /// Defaults: flush every 1,000,000 documents; no fault injection.
        public init(maxBufferedDocuments: Int = 1_000_000, crashPoint: CrashPoint? = nil) {
            self.maxBufferedDocuments = max(1, maxBufferedDocuments)
            self.crashPoint = crashPoint
        }
    }

    /// Where a test can make a commit or merge stop mid-transaction.
    public enum CrashPoint: Sendable, Hashable {
        /// After the new segments are written, before the log is cleared and the transaction commits.
        case commitAfterSegmentsWritten
        /// After the merged segment is written, before the old ones are dropped and the transaction commits.
        case mergeAfterSegmentWritten
    }

    // Guards the buffer, the segment list, the id map and the store; every mutation happens under it.
    let writer: Locked<WriterState>
    // The snapshot searches read; replaced (never mutated in place) under its lock.
    let published: Locked<IndexSnapshot>

    /// An engine in memory only.
    public convenience init(options: Options = Options()) {
        self.init(state: WriterState(options: options, store: nil), snapshot: IndexSnapshot())
    }

    /// An engine persisted in the SQLite file at `path`, created if missing. Throws a
    /// `.corruptIndex` error naming the file if it is truncated or damaged.
    public convenience init(path: String, options: Options = Options()) throws {
        let store = try SegmentStore(path: path)
        var state = WriterState(options: options, store: store)
        try state.load()
        let snapshot = IndexSnapshot(segments: state.segments)
        self.init(state: state, snapshot: snapshot)
    }

    private init(state: sending WriterState, snapshot: IndexSnapshot) {
        writer = Locked(state)
        published = Locked(snapshot)
    }

    /// Live documents (flushed or buffered).
    public var documentCount: Int { writer.withLock { $0.locations.count } }

    /// Segments searches see now.
    public var segmentCount: Int { published.withLock { $0.segments.count } }

    /// Bytes the flushed segments hold in memory, by part.
    public var indexBytes: IndexBytes {
        var bytes = published.withLock { $0.segments.reduce(IndexBytes.zero) { $0 + $1.segment.bytes } }
        // A Swift dictionary keeps keys and values in separate arrays plus one occupancy bit per bucket.
        let capacity = writer.withLock { $0.locations.capacity }
        bytes.idMap = capacity * (MemoryLayout<UInt64>.stride + MemoryLayout<(segment: Int64, ordinal: UInt32)>.stride) + capacity / 8
        return bytes
    }
}

extension SearchEngine {
    /// True if a live document has `id` (flushed or buffered).
    public func contains(id: UInt64) -> Bool { writer.withLock { $0.locations[id] != nil } }
}
