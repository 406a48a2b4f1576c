import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

@Suite struct StorageMigrationTests {
    let users = SchemaMigration(version: 1, name: "users", sql: "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    let emails = SchemaMigration(version: 2, name: "emails", sql: "ALTER TABLE users ADD COLUMN email TEXT; CREATE INDEX users_email ON users(email)")
    let bookings = SchemaMigration(version: 3, name: "bookings", sql: "CREATE TABLE bookings (id INTEGER PRIMARY KEY, user INTEGER)")

    @Test func migrationsApplyOnceAndInOrder() throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try StorageNode(options: folder.options())
        let first = SchemaMigrations(component: "user", steps: [users, emails])
        #expect(try node.migrate(first) == [1, 2])
        #expect(try node.migrate(first) == [])
        try node.write { try $0.run("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 1, "ada", "ada@x") }
        #expect(try node.migrate(SchemaMigrations(component: "user", steps: [users, emails, bookings])) == [3])
        #expect(try node.appliedMigrationVersions(component: "user") == [1, 2, 3])
        // Surviving a reopen: still applied, data intact.
        node.close()
        try node.reopen()
        #expect(try node.migrate(SchemaMigrations(component: "user", steps: [users, emails, bookings])) == [])
        #expect(try node.read { try $0.queryOne("SELECT email FROM users WHERE id = ?", 1) { $0.string(at: 0) } } == "ada@x")
    }

    @Test func componentsAreTrackedSeparately() throws {
        let node = try StorageNode(options: .memory)
        #expect(try node.appliedMigrationVersions(component: "queue") == [])
        try node.migrate(SchemaMigrations(component: "user", steps: [users]))
        let queue = SchemaMigration(version: 1, name: "jobs", sql: "CREATE TABLE jobs (id INTEGER PRIMARY KEY)")
        #expect(try node.migrate(SchemaMigrations(component: "queue", steps: [queue])) == [1])
        #expect(try node.appliedMigrationVersions(component: "queue") == [1])
    }

    @Test func changedOrUnknownHistoryIsRefused() throws {
        let node = try StorageNode(options: .memory)
        try node.migrate(SchemaMigrations(component: "user", steps: [users, emails]))

        var edited = emails
        edited.sql = "ALTER TABLE users ADD COLUMN phone TEXT"
        let changed = #expect(throws: StorageError.self) {
            try node.migrate(SchemaMigrations(component: "user", steps: [users, edited]))
        }
        #expect(changed?.code == .migrationMismatch)
        #expect(changed?.message == "migrations of 'user': step 2 ('emails') was changed after it was applied")

        let older = #expect(throws: StorageError.self) {
            try node.migrate(SchemaMigrations(component: "user", steps: [users]))
        }
        #expect(older?.message == "migrations of 'user': the database has version 2, which this program does not know")

        let unordered = #expect(throws: StorageError.self) {
            try node.migrate(SchemaMigrations(component: "user", steps: [emails, users]))
        }
        #expect(unordered?.code == .invalidMigrations)
    }

    @Test func aFailingStepAppliesNothing() throws {
        let node = try StorageNode(options: .memory)
        let broken = SchemaMigration(version: 2, name: "broken", sql: "CREATE TABLE extra (x); CREATE TABLE users (id)")
        let failure = #expect(throws: StorageError.self) {
            try node.migrate(SchemaMigrations(component: "user", steps: [users, broken]))
        }
        #expect(failure?.message == "table users already exists")
        #expect(try node.appliedMigrationVersions(component: "user") == [])
        let tables = try node.read { try $0.query("SELECT name FROM sqlite_schema WHERE name IN ('users', 'extra')") { $0.string(at: 0) } }
        #expect(tables == [])
    }
}
