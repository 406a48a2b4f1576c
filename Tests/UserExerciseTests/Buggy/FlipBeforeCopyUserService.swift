import ScaleCore
import UserExercise

/// Bug: addShard routes by the new layout first and copies the rows after, so moved users read as missing meanwhile.
struct FlipBeforeCopyUserService: UserServiceDecorator {
    let base: NaiveShardedUserService
    /// Rows copied between pauses; the pauses stand for a copy of a big table taking a while.
    static let rowsPerBatch = 16
    static let pauseNanosPerBatch: UInt64 = 1_000_000

    func addShard() async throws {
        let shards = base.shards
        let (oldCount, _) = try shards.addNextNode()
        shards.shardCount = oldCount + 1
        for source in (0..<oldCount).map({ NodeID($0) }) {
            try await moveRows(of: "users", keyColumn: "id", from: source, shardCount: oldCount + 1)
            try await moveRows(of: "emails", keyColumn: "email", from: source, shardCount: oldCount + 1)
        }
    }

    /// Moves the rows of `table` on `source` that the new layout places elsewhere, batch by batch.
    private func moveRows(of table: String, keyColumn: String, from source: NodeID, shardCount: Int) async throws {
        let shards = base.shards
        let rows = try await shards.read(source) { connection in
            try connection.query("SELECT * FROM \(table)", arguments: []) { $0.values }
        }
        let moving = rows.compactMap { row -> (destination: NodeID, row: [SQLValue])? in
            guard let destination = row.first.flatMap({ NaiveShards.node(ofKey: $0, shardCount: shardCount) }), destination != source else { return nil }
            return (destination, row)
        }
        for start in stride(from: 0, to: moving.count, by: Self.rowsPerBatch) {
            await PreciseSleeper.shared.sleep(nanos: Self.pauseNanosPerBatch)
            for (destination, row) in moving[start..<min(start + Self.rowsPerBatch, moving.count)] {
                let placeholders = Array(repeating: "?", count: row.count).joined(separator: ", ")
                _ = try await shards.write(destination) { try $0.run("INSERT OR REPLACE INTO \(table) VALUES (\(placeholders))", arguments: row) }
                _ = try await shards.write(source) { try $0.run("DELETE FROM \(table) WHERE \(keyColumn) = ?", arguments: [row[0]]) }
            }
        }
    }
}
