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

@Suite struct StorageValueTests {
    @Test(arguments: StorageTestLocation.allCases)
    func everyTypeRoundTrips(location: StorageTestLocation) throws {
        let folder = try StorageTestFolder()
        defer { folder.remove() }
        let node = try location.makeNode(in: folder)
        try node.write { try $0.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, i, d, t, b, n)") }

        let allBytes = (0...255).map { UInt8($0) }
        let rows: [(Int64, Double, String, [UInt8])] = [
            (Int64.min, -0.5, "", []),
            (Int64.max, 1e-300, "héllo ✓ 日本", allBytes),
            (0, .infinity, "nul\u{0}inside", [0]),
        ]
        try node.write { connection in
            for (index, row) in rows.enumerated() {
                try connection.run("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
                                   index, row.0, row.1, row.2, row.3, Int64?.none)
            }
        }
        let read = try node.read { connection in
            try connection.query("SELECT i, d, t, b, n FROM v ORDER BY id") { row in
                (try row.decode(0, as: Int64.self), try row.decode(1, as: Double.self),
                 try row.decode(2, as: String.self), try row.decode(3, as: [UInt8].self),
                 try row.decode(4, as: Int64?.self))
            }
        }
        #expect(read.count == rows.count)
        for (got, want) in zip(read, rows) {
            #expect(got.0 == want.0)
            #expect(got.1 == want.1)
            #expect(got.2 == want.2)
            #expect(got.3 == want.3)
            #expect(got.4 == nil)
        }
        // Empty text and blob stay empty values, not NULL.
        let storage = try node.read { connection in
            try connection.queryOne("SELECT typeof(t), typeof(b) FROM v WHERE id = 0") { row in
                [row.string(at: 0), row.string(at: 1)]
            }
        }
        #expect(storage == ["text", "blob"])
    }

    @Test func boolOptionalAndSQLValueRoundTrip() throws {
        let node = try StorageNode(options: .memory)
        try node.write { try $0.execute("CREATE TABLE v (k INTEGER PRIMARY KEY, x)") }
        let values: [SQLValue] = [.integer(-7), .real(2.5), .text("x"), .blob([1, 2, 3]), .null]
        try node.write { connection in
            for (key, value) in values.enumerated() {
                try connection.run("INSERT INTO v VALUES (?, ?)", arguments: [.integer(Int64(key)), value])
            }
            try connection.run("INSERT INTO v VALUES (?, ?)", 10, true)
            try connection.run("INSERT INTO v VALUES (?, ?)", 11, String?.some("some"))
        }
        let read = try node.read { connection in
            try connection.query("SELECT x FROM v WHERE k < 10 ORDER BY k") { $0.value(at: 0) }
        }
        #expect(read == values)
        let flag = try node.read { try $0.queryOne("SELECT x FROM v WHERE k = ?", 10) { try $0.decode(0, as: Bool.self) } }
        #expect(flag == true)
        let text = try node.read { try $0.queryOne("SELECT x FROM v WHERE k = ?", 11) { try $0.decode(0, as: String?.self) } }
        #expect(text == "some")
        let integerAsDouble = try node.read { try $0.queryOne("SELECT x FROM v WHERE k = 0") { try $0.decode(0, as: Double.self) } }
        #expect(integerAsDouble == -7)
    }

    @Test func strictReadsRejectTheWrongType() throws {
        let node = try StorageNode(options: .memory)
        try node.write { try $0.execute("CREATE TABLE v (x, y); INSERT INTO v VALUES ('text', NULL)") }
        let textAsInt = #expect(throws: StorageError.self) {
            try node.read { try $0.queryOne("SELECT x FROM v") { try $0.decode(0, as: Int64.self) } }
        }
        #expect(textAsInt?.code == .mismatch)
        #expect(textAsInt?.message.contains("holds TEXT, read as Int64") == true)
        let nullAsString = #expect(throws: StorageError.self) {
            try node.read { try $0.queryOne("SELECT y FROM v") { try $0.decode(0, as: String.self) } }
        }
        #expect(nullAsString?.code == .mismatch)
        let outOfRange = #expect(throws: StorageError.self) {
            try node.read { try $0.queryOne("SELECT y FROM v") { try $0.decode(3, as: String.self) } }
        }
        #expect(outOfRange?.code == .range)
    }

    @Test func statementsAreCachedAndNestedUseOfOneSQLWorks() throws {
        let node = try StorageNode(options: .memory)
        try node.write { connection in
            try connection.execute("CREATE TABLE v (k INTEGER PRIMARY KEY)")
            for key in 0..<5 { try connection.run("INSERT INTO v VALUES (?)", key) }
        }
        let sql = "SELECT k FROM v WHERE k >= ? ORDER BY k"
        let pairs = try node.read { connection in
            var pairs: [[Int64]] = []
            try connection.forEachRow(sql, 3) { outer in
                let inner = try connection.query(sql, outer.int64(at: 0)) { $0.int64(at: 0) }
                pairs.append(inner)
            }
            return pairs
        }
        #expect(pairs == [[3, 4], [4]])
        let total = try node.read { connection in
            try connection.withStatement("SELECT k FROM v WHERE k = ?") { statement in
                var sum: Int64 = 0
                for key in 0..<5 {
                    try statement.bind(key)
                    if try statement.step() { sum += statement.row.int64(at: 0) }
                    statement.reset()
                }
                return sum
            }
        }
        #expect(total == 10)
    }
}
