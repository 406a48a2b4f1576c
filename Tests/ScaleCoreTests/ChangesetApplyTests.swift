import CSQLite
import Testing
@testable import ScaleStorage
@testable import ScaleSupport

/// `SQLiteConnection.apply` walks a changeset through cached statements instead of calling
/// `sqlite3changeset_apply`: it must leave exactly the rows SQLite's own applier leaves, and
/// refuse, all or nothing, whatever SQLite's applier (aborting on every conflict) refuses.
@Suite(.serialized) struct ChangesetApplyTests {
    static let schema = SchemaMigrations(component: "apply", steps: [
        SchemaMigration(version: 1, name: "tables", sql: """
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB, note TEXT);
            CREATE TABLE stock (shelf TEXT NOT NULL, slot INTEGER NOT NULL, item INTEGER, count INTEGER NOT NULL, PRIMARY KEY (shelf, slot)) WITHOUT ROWID;
            CREATE TABLE parents (id INTEGER PRIMARY KEY, label TEXT);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parents(id), label TEXT);
            """),
    ])

    static func node() throws -> StorageNode {
        let node = try StorageNode(name: "apply", options: .memory)
        try node.migrate(schema)
        return node
    }

    /// Every row of every table, as text, in key order.
    static func dump(_ node: StorageNode) throws -> [String] {
        try node.read { connection in
            try connection.query("SELECT id, ifnull(name, '∅'), ifnull(price, '∅'), ifnull(hex(data), '∅'), ifnull(note, '∅') FROM items ORDER BY id") {
                "item \($0.int64(at: 0)) \($0.string(at: 1)) \($0.string(at: 2)) \($0.string(at: 3)) \($0.string(at: 4))"
            } + connection.query("SELECT shelf, slot, ifnull(item, '∅'), count FROM stock ORDER BY shelf, slot") {
                "stock \($0.string(at: 0)) \($0.int64(at: 1)) \($0.string(at: 2)) \($0.int64(at: 3))"
            } + connection.query("SELECT id, ifnull(label, '∅') FROM parents ORDER BY id") { "parent \($0.int64(at: 0)) \($0.string(at: 1))" }
                + connection.query("SELECT id, parent, ifnull(label, '∅') FROM children ORDER BY id") { "child \($0.int64(at: 0)) \($0.int64(at: 1)) \($0.string(at: 2))" }
        }
    }

    /// Runs `body` on `node` in one transaction and returns the changeset it recorded.
    static func record(_ node: StorageNode, _ body: (SQLiteConnection) throws -> Void) throws -> SQLiteChangeset {
        try node.writeRecordingChanges(body).changeset
    }

    /// SQLite's own applier, aborting on every conflict: the behaviour `apply` must match.
    static func sqliteApply(_ changeset: SQLiteChangeset, on node: StorageNode) throws {
        try node.write { connection in
            let result = changeset.bytes.withUnsafeBytes { buffer in
                sqlite3changeset_apply(connection.handle, Int32(buffer.count), UnsafeMutableRawPointer(mutating: buffer.baseAddress), nil, { _, _, _ in SQLITE_CHANGESET_ABORT }, nil)
            }
            guard result == SQLITE_OK else { throw StorageError.sqlite(result, db: connection.handle, sql: "sqlite3changeset_apply") }
        }
    }

    /// One random transaction over every table: inserts, updates of some columns (NULLs, blobs,
    /// reals included), deletes, and parent/child pairs that foreign keys tie together.
    static func randomTransaction(_ random: inout SeededGenerator, on connection: SQLiteConnection) throws {
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let id = Int64.random(in: 1...40, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0:
                let name: String? = Bool.random(using: &random) ? "n\(id)" : nil
                try connection.run(
                    "INSERT OR IGNORE INTO items (id, name, price, data, note) VALUES (?, ?, ?, ?, ?)",
                    arguments: [.integer(id), name.map(SQLValue.text) ?? .null, .real(Double(id) / 4), .blob([UInt8(id), 0, 255]), .null]
                )
            case 1:
                try connection.run("UPDATE items SET note = ?, price = price + 1 WHERE id = ?", arguments: [Bool.random(using: &random) ? .text("x\(id)") : .null, .integer(id)])
            case 2:
                try connection.run("DELETE FROM items WHERE id = ?", id)
            case 3:
                try connection.run("INSERT INTO stock (shelf, slot, item, count) VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET count = count + 1", "s\(id % 3)", id % 5, id)
            case 4:
                try connection.run("DELETE FROM stock WHERE shelf = ? AND slot = ?", "s\(id % 3)", id % 5)
            case 5:
                try connection.run("INSERT OR IGNORE INTO parents (id, label) VALUES (?, ?)", id, "p\(id)")
                try connection.run("INSERT OR IGNORE INTO children (id, parent, label) VALUES (?, ?, ?)", id, id, "c\(id)")
            default:
                try connection.run("DELETE FROM children WHERE parent = ?", id)
                try connection.run("DELETE FROM parents WHERE id = ?", id)
            }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func appliesEveryChangesetAsSQLiteItselfDoes(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let (source, mine, theirs) = (try Self.node(), try Self.node(), try Self.node())
        var changesets: [SQLiteChangeset] = []
        for _ in 0..<200 {
            let changeset = try Self.record(source) { try Self.randomTransaction(&random, on: $0) }
            guard !changeset.isEmpty else { continue }
            try mine.write { try $0.apply(changeset) }
            try Self.sqliteApply(changeset, on: theirs)
            changesets.append(changeset)
        }
        #expect(changesets.count > 100)
        let expected = try Self.dump(source)
        #expect(expected.count > 20)
        #expect(try Self.dump(mine) == expected)
        #expect(try Self.dump(theirs) == expected)
        // Undo it all, newest first, through the inverses (parents deleted before their children).
        for changeset in changesets.reversed() {
            let inverse = try changeset.inverted()
            try mine.write { try $0.apply(inverse) }
            try Self.sqliteApply(inverse, on: theirs)
        }
        #expect(try Self.dump(mine) == [])
        #expect(try Self.dump(theirs) == [])
    }

    @Test func aRowThatDiffersAbortsTheWholeChangeset() throws {
        let (source, copy) = (try Self.node(), try Self.node())
        let setup = try Self.record(source) { connection in
            try connection.run("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')")
        }
        try copy.write { try $0.apply(setup) }
        let change = try Self.record(source) { connection in
            try connection.run("INSERT INTO items (id, name) VALUES (3, 'c')")
            try connection.run("UPDATE items SET name = 'B' WHERE id = 2")
        }
        try copy.write { try $0.run("UPDATE items SET name = 'other' WHERE id = 2") }
        let before = try Self.dump(copy)
        let error = #expect(throws: StorageError.self) { try copy.write { try $0.apply(change) } }
        #expect(error?.code.rawValue == SQLITE_ABORT)
        #expect(try Self.dump(copy) == before, "the insert of row 3 must not stay behind")
    }

    @Test func aMissingRowADuplicateInsertAndAnUnsatisfiedForeignKeyAreRefused() throws {
        let source = try Self.node()
        let insert = try Self.record(source) { try $0.run("INSERT INTO parents (id, label) VALUES (7, 'p')") }
        let update = try Self.record(source) { try $0.run("UPDATE parents SET label = 'q' WHERE id = 7") }
        let delete = try Self.record(source) { try $0.run("DELETE FROM parents WHERE id = 7") }
        let empty = try Self.node()
        #expect(throws: StorageError.self) { try empty.write { try $0.apply(update) } }
        #expect(throws: StorageError.self) { try empty.write { try $0.apply(delete) } }
        try empty.write { try $0.apply(insert) }
        #expect(throws: StorageError.self) { try empty.write { try $0.apply(insert) } }

        let child = try Self.record(source) { connection in
            try connection.run("INSERT INTO parents (id, label) VALUES (8, 'p')")
            try connection.run("INSERT INTO children (id, parent, label) VALUES (1, 8, 'c')")
        }
        let orphan = try Self.node()
        try orphan.write { try $0.run("INSERT INTO parents (id, label) VALUES (9, 'unrelated')") }
        // Only the child's row, against a copy without its parent: SQLite refuses it too.
        let childOnly = try Self.record(source) { try $0.run("INSERT INTO children (id, parent, label) VALUES (2, 8, 'c2')") }
        #expect(throws: StorageError.self) { try orphan.write { try $0.apply(childOnly) } }
        try orphan.write { try $0.apply(child) }
        #expect(try Self.dump(orphan) == ["parent 8 p", "parent 9 unrelated", "child 1 8 c"])
    }

    @Test func aMigrationBetweenTwoChangesetsIsSeen() throws {
        let (source, copy) = (try Self.node(), try Self.node())
        try copy.write { try $0.apply(try Self.record(source) { try $0.run("INSERT INTO items (id, name) VALUES (1, 'a')") }) }
        let added = SchemaMigrations(component: "apply", steps: Self.schema.steps + [
            SchemaMigration(version: 2, name: "colour", sql: "ALTER TABLE items ADD COLUMN colour TEXT"),
        ])
        try source.migrate(added)
        try copy.migrate(added)
        // The same shape as before (an insert into items), now with one column more.
        let change = try Self.record(source) { connection in
            try connection.run("INSERT INTO items (id, name, colour) VALUES (2, 'c', 'blue')")
            try connection.run("UPDATE items SET colour = 'red', name = 'b' WHERE id = 1")
        }
        try copy.write { try $0.apply(change) }
        #expect(try copy.read { try $0.query("SELECT name, colour FROM items ORDER BY id") { "\($0.string(at: 0)) \($0.string(at: 1))" } } == ["b red", "c blue"])
    }
}
