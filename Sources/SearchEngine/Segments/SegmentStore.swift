/// The engine's SQLite file: segment blobs, tombstones per segment, and the log of acknowledged
/// operations not yet covered by a committed segment. Every change is one transaction, so a
/// crash leaves either the old state or the new one, and the log replays what segments lack.
///
/// Not thread-safe: used under `SearchEngine.writer`'s lock.
final class SegmentStore {
    /// One logged operation.
    enum Operation {
        case index(Document)
        case delete(UInt64)
    }

    let database: SQLiteDatabase
    private var crashed = false

    init(path: String) throws {
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS se_segments(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS se_tombstones(segment_id INTEGER PRIMARY KEY, ordinals BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS se_log(seq INTEGER PRIMARY KEY AUTOINCREMENT, op INTEGER NOT NULL,
                doc_id INTEGER NOT NULL, title TEXT, body TEXT);
            """)
        // A header check now, so a truncated file is named here rather than at the first search.
        try database.execute("PRAGMA quick_check")
    }

    /// Appends `operations` to the log in one transaction; returns the last sequence number.
    func log(_ operations: [Operation]) throws -> Int64 {
        try refuseIfCrashed()
        return try database.transaction {
            let insert = try database.prepare("INSERT INTO se_log(op, doc_id, title, body) VALUES (?1, ?2, ?3, ?4)")
            for operation in operations {
                switch operation {
                case .index(let document):
                    insert.bind(1, at: 1)
                    insert.bind(Int64(bitPattern: document.id), at: 2)
                    insert.bind(document.title, at: 3)
                    insert.bind(document.body, at: 4)
                case .delete(let id):
                    insert.bind(2, at: 1)
                    insert.bind(Int64(bitPattern: id), at: 2)
                }
                try insert.run()
            }
            return sqlite3LastInsertRowID()
        }
    }

    /// Stored segments with their tombstones applied, in id order.
    func loadSegments() throws -> [LiveSegment] {
        var tombstones: [Int64: [UInt8]] = [:]
        let tombstoneQuery = try database.prepare("SELECT segment_id, ordinals FROM se_tombstones")
        while try tombstoneQuery.step() { tombstones[tombstoneQuery.int64(0)] = tombstoneQuery.blob(1) }
        var result: [LiveSegment] = []
        let segmentQuery = try database.prepare("SELECT id, data FROM se_segments ORDER BY id")
        while try segmentQuery.step() {
            let id = segmentQuery.int64(0)
            let name = "segment \(id) in '\(database.path)'"
            var live = LiveSegment(id: id, segment: try Segment.deserialize(segmentQuery.blob(1), name: name))
            live.isPersisted = true
            if let blob = tombstones[id] {
                var reader = BlobReader(bytes: blob, end: blob.count)
                guard let ordinals: [UInt32] = reader.array(), ordinals.allSatisfy({ Int($0) < live.segment.documentCount }) else {
                    throw SearchEngineError(.corruptIndex, "tombstones of \(name) are corrupt; restore the index file or re-index")
                }
                for ordinal in ordinals { live.delete(ordinal: Int(ordinal)) }
                live.tombstonesDirty = false
            }
            result.append(live)
        }
        return result
    }

    /// Logged operations in order, with their sequence numbers.
    func loadLog() throws -> [(sequence: Int64, operation: Operation)] {
        let query = try database.prepare("SELECT seq, op, doc_id, title, body FROM se_log ORDER BY seq")
        var result: [(Int64, Operation)] = []
        while try query.step() {
            let id = UInt64(bitPattern: query.int64(2))
            let operation: Operation = query.int64(1) == 1
                ? .index(Document(id: id, title: query.text(3), body: query.text(4))) : .delete(id)
            result.append((query.int64(0), operation))
        }
        return result
    }

    /// In one transaction: writes unpersisted segments and changed tombstones, then drops the log
    /// through `sequence` (those operations now live in segments).
    func commit(_ segments: [LiveSegment], clearingLogThrough sequence: Int64, crashPoint: SearchEngine.CrashPoint?) throws {
        try crashableTransaction {
            try write(segments)
            if crashPoint == .commitAfterSegmentsWritten { try crash() }
            let clear = try database.prepare("DELETE FROM se_log WHERE seq <= ?1")
            clear.bind(sequence, at: 1)
            try clear.run()
        }
    }

    /// In one transaction: writes `merged` and drops `replaced` with their tombstones.
    func replace(_ replaced: [Int64], with merged: LiveSegment, crashPoint: SearchEngine.CrashPoint?) throws {
        try crashableTransaction {
            try write([merged])
            if crashPoint == .mergeAfterSegmentWritten { try crash() }
            let dropSegment = try database.prepare("DELETE FROM se_segments WHERE id = ?1")
            let dropTombstones = try database.prepare("DELETE FROM se_tombstones WHERE segment_id = ?1")
            for id in replaced {
                dropSegment.bind(id, at: 1)
                try dropSegment.run()
                dropTombstones.bind(id, at: 1)
                try dropTombstones.run()
            }
        }
    }

    /// One transaction whose failure rolls back, except after a simulated crash, which leaves it open as a dead process would.
    private func crashableTransaction(_ body: () throws -> Void) throws {
        try refuseIfCrashed()
        try database.execute("BEGIN IMMEDIATE")
        do {
            try body()
            try database.execute("COMMIT")
        } catch {
            if !crashed { try? database.execute("ROLLBACK") }
            throw error
        }
    }

    private func write(_ segments: [LiveSegment]) throws {
        let insertSegment = try database.prepare("INSERT INTO se_segments(id, data) VALUES (?1, ?2)")
        let upsertTombstones = try database.prepare("INSERT OR REPLACE INTO se_tombstones(segment_id, ordinals) VALUES (?1, ?2)")
        for live in segments {
            if !live.isPersisted {
                insertSegment.bind(live.id, at: 1)
                insertSegment.bind(blob: live.segment.serialized(), at: 2)
                try insertSegment.run()
            }
            if live.tombstonesDirty || (!live.isPersisted && live.hasDeletes) {
                var writer = BlobWriter()
                writer.append(live.deletedOrdinals)
                upsertTombstones.bind(live.id, at: 1)
                upsertTombstones.bind(blob: writer.bytes, at: 2)
                try upsertTombstones.run()
            }
        }
    }

    /// Stops mid-transaction as a killed process would: nothing more is written or rolled back by us.
    private func crash() throws -> Never {
        crashed = true
        database.abandon()
        throw SearchEngineError(.simulatedCrash, "simulated crash inside a transaction on '\(database.path)'")
    }

    private func refuseIfCrashed() throws {
        if crashed { throw SearchEngineError(.simulatedCrash, "the store on '\(database.path)' crashed; reopen it") }
    }

    private func sqlite3LastInsertRowID() -> Int64 { database.lastInsertRowID }
}
