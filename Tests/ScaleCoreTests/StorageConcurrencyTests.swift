import Synchronization
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct StorageConcurrencyTests {
    /// Transfers between accounts keep the total fixed; readers on other threads sum the two halves
    /// of the accounts in two statements, which only add up when both see one committed state.
    @Test func parallelReadersSeeConsistentStateWhileAWriterCommits() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options())
        let accountCount = 50
        let initialBalance: Int64 = 1_000
        try node.write { connection in
            try connection.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)")
            try connection.execute("CREATE TABLE meta (k INTEGER PRIMARY KEY, transfers INTEGER NOT NULL)")
            try connection.run("INSERT INTO meta VALUES (0, 0)")
            for id in 0..<accountCount { try connection.run("INSERT INTO accounts VALUES (?, ?)", id, initialBalance) }
        }
        let transferCount = 400
        let readerThreads = 3
        let writerDone = Atomic<Bool>(false)
        let badSnapshots = Atomic<Int>(0)
        let snapshots = Atomic<Int>(0)
        let errors = Locked<[String]>([])
        runOnThreads(readerThreads + 1) { thread in
            do {
                if thread == 0 {
                    var generator = SeededGenerator(seed: 11)
                    for _ in 0..<transferCount {
                        let from = Int.random(in: 0..<accountCount, using: &generator)
                        let to = Int.random(in: 0..<accountCount, using: &generator)
                        let amount = Int64.random(in: 1...50, using: &generator)
                        try node.write { connection in
                            try connection.run("UPDATE accounts SET balance = balance - ? WHERE id = ?", amount, from)
                            try connection.run("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, to)
                            try connection.run("UPDATE meta SET transfers = transfers + 1")
                        }
                    }
                    writerDone.store(true, ordering: .releasing)
                    return
                }
                var lastTransfers: Int64 = 0
                // At least a few snapshots per reader even if the writer finishes first.
                var rounds = 0
                while !writerDone.load(ordering: .acquiring) || rounds < 5 {
                    rounds += 1
                    let (total, transfers) = try node.snapshot { connection in
                        let low = try connection.queryOne("SELECT sum(balance) FROM accounts WHERE id < ?", accountCount / 2) { $0.int64(at: 0) } ?? -1
                        let high = try connection.queryOne("SELECT sum(balance) FROM accounts WHERE id >= ?", accountCount / 2) { $0.int64(at: 0) } ?? -1
                        let transfers = try connection.queryOne("SELECT transfers FROM meta") { $0.int64(at: 0) } ?? -1
                        return (low + high, transfers)
                    }
                    if total != Int64(accountCount) * initialBalance || transfers < lastTransfers {
                        badSnapshots.add(1, ordering: .relaxed)
                    }
                    lastTransfers = transfers
                    snapshots.add(1, ordering: .relaxed)
                }
            } catch {
                errors.withLock { $0.append("\(error)") }
            }
        }
        #expect(errors.withLock { $0 } == [])
        #expect(badSnapshots.load(ordering: .relaxed) == 0)
        let finalTransfers = try node.read { try $0.queryOne("SELECT transfers FROM meta") { $0.int64(at: 0) } }
        #expect(finalTransfers == Int64(transferCount))
        let counters = node.counters()
        #expect(counters.reads == snapshots.load(ordering: .relaxed) + 1)
        #expect(counters.writes == transferCount + 1)
    }

    /// Many threads doing point reads through the pool all get right answers and are all counted.
    @Test func readerPoolServesManyThreads() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: StorageNodeOptions(location: .file(path: folder.path + "/pool.sqlite"), readerCount: 2))
        try node.write { connection in
            try connection.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)")
            for key in 0..<200 { try connection.run("INSERT INTO t VALUES (?, ?)", key, key * 3) }
        }
        let wrong = Atomic<Int>(0)
        let lookupsPerThread = 300
        runOnThreads(4) { thread in
            for index in 0..<lookupsPerThread {
                let key = (index * 7 + thread) % 200
                let value = try? node.read { try $0.queryOne("SELECT v FROM t WHERE k = ?", key) { $0.int64(at: 0) } }
                if value != Int64(key * 3) { wrong.add(1, ordering: .relaxed) }
            }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
        #expect(node.counters().reads == 4 * lookupsPerThread)
    }
}
