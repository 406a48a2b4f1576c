import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct StorageLifecycleTests {
    @Test func crashKeepsCommittedDataInTheWALAndReopenRecoversIt() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options("crashy"))
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)") }
        for batch in 0..<10 {
            try node.write { connection in
                for key in (batch * 10)..<(batch * 10 + 10) { try connection.run("INSERT INTO t VALUES (?, ?)", key, "v\(key)") }
            }
        }
        #expect(throws: StorageTestLocation.Abort.self) {
            try node.write { connection in
                try connection.run("INSERT INTO t VALUES (?, ?)", 1_000, "uncommitted")
                throw StorageTestLocation.Abort()
            }
        }
        node.crash()
        #expect(!node.isOpen)
        // No checkpoint ran: the committed rows live only in the WAL the "dead process" left.
        #expect(folder.fileExists("crashy.sqlite-wal"))
        #expect(node.counters().walBytes > 0)
        let closedRead = #expect(throws: StorageError.self) {
            try node.read { try $0.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) } }
        }
        #expect(closedRead?.code == .nodeClosed)

        try node.reopen()
        let rows = try node.read { try $0.query("SELECT k, v FROM t ORDER BY k") { "\($0.int64(at: 0))=\($0.string(at: 1))" } }
        #expect(rows == (0..<100).map { "\($0)=v\($0)" })
        let again = #expect(throws: StorageError.self) { try node.reopen() }
        #expect(again?.code == .nodeAlreadyOpen)
    }

    @Test func reopenedFromAFreshNodeObjectToo() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        do {
            let node = try StorageNode(options: folder.options("n"))
            try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (7)") }
            node.crash()
        }
        let reborn = try StorageNode(options: folder.options("n"))
        #expect(try reborn.read { try $0.queryOne("SELECT k FROM t") { $0.int64(at: 0) } } == 7)
    }

    @Test func cleanCloseCheckpointsAndRemovesTheWAL() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options("clean"))
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)") }
        #expect(folder.fileExists("clean.sqlite-wal"))
        node.close()
        node.close()
        #expect(!folder.fileExists("clean.sqlite-wal"))
        try node.reopen()
        #expect(try node.read { try $0.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) } } == 1)
    }

    @Test func inMemoryNodeComesBackEmpty() throws {
        let node = try StorageNode(options: .memory)
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY); INSERT INTO t VALUES (1)") }
        node.crash()
        try node.reopen()
        let missing = #expect(throws: StorageError.self) {
            try node.read { try $0.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) } }
        }
        #expect(missing?.message == "no such table: t")
    }

    @Test func countersCountReadsWritesRowsAndBytes() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options())
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)") }
        try node.write { connection in
            for key in 0..<50 { try connection.run("INSERT INTO t VALUES (?, ?)", key, [UInt8](repeating: 1, count: 100)) }
        }
        try node.write { try $0.run("UPDATE t SET v = ? WHERE k < ?", [UInt8](), 10) }
        _ = try node.read { try $0.query("SELECT k FROM t WHERE k < ?", 20) { $0.int64(at: 0) } }
        _ = try node.read { try $0.queryOne("SELECT k FROM t WHERE k = ?", 3) { $0.int64(at: 0) } }
        let counters = node.counters()
        #expect(counters.writes == 3)
        #expect(counters.rowsWritten == 60)
        #expect(counters.reads == 2)
        #expect(counters.rowsRead == 21)
        #expect(counters.walBytes > 0)
        #expect(counters.databaseBytes >= 4_096)
        #expect(counters.bytesOnDisk == counters.databaseBytes + counters.walBytes)
        try node.checkpoint(truncate: true)
        #expect(node.counters().walBytes == 0)
    }
}

extension StorageTestLocation {
    struct Abort: Error {}
}
