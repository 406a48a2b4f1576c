import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct StorageTransactionTests {
    struct Abort: Error {}

    @Test(arguments: StorageTestLocation.allCases)
    func writeRollsBackWhenTheClosureThrows(location: StorageTestLocation) throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try location.makeNode(in: folder)
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)") }
        try node.write { try $0.run("INSERT INTO t VALUES (?)", 1) }

        #expect(throws: Abort.self) {
            try node.write { connection in
                try connection.run("INSERT INTO t VALUES (?)", 2)
                try connection.run("DELETE FROM t WHERE k = ?", 1)
                throw Abort()
            }
        }
        let keys = try node.read { try $0.query("SELECT k FROM t ORDER BY k") { $0.int64(at: 0) } }
        #expect(keys == [1])
        // A failing statement rolls back the statements before it in the same write.
        #expect(throws: StorageError.self) {
            try node.write { connection in
                try connection.run("INSERT INTO t VALUES (?)", 3)
                try connection.run("INSERT INTO t VALUES (?)", 1)
            }
        }
        #expect(try node.read { try $0.query("SELECT k FROM t") { $0.int64(at: 0) } } == [1])
        let counters = node.counters()
        #expect(counters.writes == 2)
        #expect(counters.failedWrites == 2)
        // The connection is usable again, outside any transaction.
        #expect(try node.withWriteConnection { $0.isInTransaction } == false)
    }

    @Test func nestedTransactionIsASavepoint() throws {
        let node = try StorageNode(options: .memory)
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)") }
        try node.write { connection in
            try connection.run("INSERT INTO t VALUES (?)", 1)
            _ = try? connection.transaction {
                try connection.run("INSERT INTO t VALUES (?)", 2)
                throw Abort()
            }
            try connection.transaction { try connection.run("INSERT INTO t VALUES (?)", 3) }
        }
        #expect(try node.read { try $0.query("SELECT k FROM t ORDER BY k") { $0.int64(at: 0) } } == [1, 3])
    }

    @Test func snapshotSeesOneStateAcrossStatements() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options())
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)") }
        let counts = try node.snapshot { connection in
            let before = try connection.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) }
            // Committed by the writer while the snapshot is open.
            try node.write { try $0.run("INSERT INTO t VALUES (?)", 1) }
            let after = try connection.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) }
            return [before, after]
        }
        #expect(counts == [0, 0])
        #expect(try node.read { try $0.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) } } == 1)
    }
}
