import ScaleCore
import UserExercise

/// Bug: addShard copies a snapshot of the rows that move, then switches routing and deletes the
/// originals: a write that lands on the old owner between the snapshot and the switch is lost.
struct CopyThenFlipUserService: UserServiceDecorator {
    let base: NaiveShardedUserService
    /// The copy of a big table takes a while; this stands for it.
    static let copyPauseNanos: UInt64 = 5_000_000

    func addShard() async throws {
        let shards = base.shards
        let (oldCount, added) = try shards.addNextNode()
        var moved: [(source: NodeID, table: String, key: SQLValue)] = []
        for source in (0..<oldCount).map({ NodeID($0) }) {
            for (table, keyColumn) in [("users", "id"), ("emails", "email")] {
                let rows = try await shards.read(source) { try $0.query("SELECT * FROM \(table)", arguments: []) { $0.values } }
                await PreciseSleeper.shared.sleep(nanos: Self.copyPauseNanos)
                for row in rows where NaiveShards.node(ofKey: row[0], shardCount: oldCount + 1) == added {
                    let placeholders = Array(repeating: "?", count: row.count).joined(separator: ", ")
                    _ = try await shards.write(added) { try $0.run("INSERT OR REPLACE INTO \(table) VALUES (\(placeholders))", arguments: row) }
                    moved.append((source, "\(table) WHERE \(keyColumn) = ?", row[0]))
                }
            }
        }
        shards.shardCount = oldCount + 1
        for (source, tableAndFilter, key) in moved {
            _ = try await shards.write(source) { try $0.run("DELETE FROM \(tableAndFilter)", arguments: [key]) }
        }
    }
}
