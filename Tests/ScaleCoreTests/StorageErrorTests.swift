import CSQLite
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct StorageErrorTests {
    @Test(arguments: StorageTestLocation.allCases)
    func badSQLIsAClearError(location: StorageTestLocation) throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try location.makeNode(in: folder)
        let syntax = #expect(throws: StorageError.self) {
            try node.write { try $0.run("SELEC 1") }
        }
        #expect(syntax?.code == .error)
        #expect(syntax?.message.contains("syntax error") == true)
        #expect(syntax?.sql == "SELEC 1")
        #expect(syntax?.description.contains("SELEC 1") == true)

        let missing = #expect(throws: StorageError.self) {
            try node.read { try $0.query("SELECT * FROM nowhere") { $0.int64(at: 0) } }
        }
        #expect(missing?.code == .error)
        #expect(missing?.message == "no such table: nowhere")
    }

    @Test(arguments: StorageTestLocation.allCases)
    func constraintViolationsCarryTheirKind(location: StorageTestLocation) throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try location.makeNode(in: folder)
        try node.write { try $0.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)") }
        try node.write { try $0.run("INSERT INTO u VALUES (?, ?)", 1, "a@x") }

        let unique = #expect(throws: StorageError.self) {
            try node.write { try $0.run("INSERT INTO u VALUES (?, ?)", 2, "a@x") }
        }
        #expect(unique?.isConstraintViolation == true)
        #expect(unique?.extendedCode == StorageError.ExtendedCode.constraintUnique)
        #expect(unique?.message == "UNIQUE constraint failed: u.email")

        let notNull = #expect(throws: StorageError.self) {
            try node.write { try $0.run("INSERT INTO u VALUES (?, ?)", 3, String?.none) }
        }
        #expect(notNull?.code == .constraint)
        #expect(notNull?.extendedCode == StorageError.ExtendedCode.constraintNotNull)

        let primaryKey = #expect(throws: StorageError.self) {
            try node.write { try $0.run("INSERT INTO u VALUES (?, ?)", 1, "b@x") }
        }
        #expect(primaryKey?.extendedCode == StorageError.ExtendedCode.constraintPrimaryKey)
        #expect(primaryKey?.isUniquenessViolation == true)
        #expect(notNull?.isUniquenessViolation == false)
        #expect(try node.read { try $0.queryOne("SELECT count(*) FROM u") { $0.int64(at: 0) } } == 1)
    }

    @Test(arguments: StorageTestLocation.allCases)
    func misuseIsRefused(location: StorageTestLocation) throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try location.makeNode(in: folder)
        try node.write { try $0.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)") }

        let tooFew = #expect(throws: StorageError.self) {
            try node.write { try $0.run("INSERT INTO t VALUES (?, ?)", 1) }
        }
        #expect(tooFew?.code == .misuse)
        #expect(tooFew?.message == "the statement has 2 parameters but 1 values were given")
        let tooMany = #expect(throws: StorageError.self) {
            try node.write { try $0.run("INSERT INTO t VALUES (?, ?)", 1, "a", "b") }
        }
        #expect(tooMany?.message == "the statement has 2 parameters but 3 values were given")

        // A read closure cannot write, on a file node (read-only connection) and in memory (shared connection).
        let writeInRead = #expect(throws: StorageError.self) {
            try node.read { try $0.run("INSERT INTO t VALUES (?, ?)", 1, "x") }
        }
        #expect(writeInRead?.code == .readOnly)
        let scriptInRead = #expect(throws: StorageError.self) {
            try node.read { try $0.execute("DELETE FROM t") }
        }
        #expect(scriptInRead?.code == .readOnly)
        #expect(try node.read { try $0.queryOne("SELECT count(*) FROM t") { $0.int64(at: 0) } } == 0)

        let twoStatements = #expect(throws: StorageError.self) {
            try node.write { try $0.run("DELETE FROM t; DELETE FROM t") }
        }
        #expect(twoStatements?.code == .misuse)
    }
}
