import ScaleSupport
import ScaleStorage
/// The queue's tables (component "workqueue" in the node's migration history). Several queues
/// share the tables, told apart by `queue`. Nanosecond times are stored as their Int64 bit pattern.
extension WorkQueue {
    static var schema: SchemaMigrations {
        SchemaMigrations(component: "workqueue", steps: [
            SchemaMigration(version: 1, name: "create work queue tables", sql: """
                CREATE TABLE workqueue_queues (
                    queue TEXT PRIMARY KEY,
                    last_id INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE workqueue_messages (
                    queue TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    dedup_key TEXT NOT NULL,
                    user_key TEXT,
                    payload BLOB NOT NULL,
                    attempts INTEGER NOT NULL,
                    enqueued_at_nanos INTEGER NOT NULL,
                    last_error TEXT,
                    PRIMARY KEY (queue, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX workqueue_messages_dedup ON workqueue_messages(queue, dedup_key);
                CREATE TABLE workqueue_completed (
                    queue TEXT NOT NULL,
                    dedup_key TEXT NOT NULL,
                    message_id INTEGER NOT NULL,
                    completed_at_nanos INTEGER NOT NULL,
                    PRIMARY KEY (queue, dedup_key)
                ) WITHOUT ROWID;
                CREATE TABLE workqueue_dead_letters (
                    queue TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    dedup_key TEXT NOT NULL,
                    user_key TEXT,
                    payload BLOB NOT NULL,
                    attempts INTEGER NOT NULL,
                    enqueued_at_nanos INTEGER NOT NULL,
                    failed_at_nanos INTEGER NOT NULL,
                    last_error TEXT NOT NULL,
                    PRIMARY KEY (queue, id)
                ) WITHOUT ROWID;
                """),
        ])
    }

    /// The deduplication key of a message: the producer's key, or one derived from the id.
    /// The prefixes keep the two kinds from ever colliding.
    static func deduplicationKey(idempotencyKey: String?, id: UInt64) -> String {
        if let idempotencyKey { return "k:" + idempotencyKey }
        return "#" + String(id)
    }

    /// Moves message `id` to the dead-letter table; returns whether the row existed.
    func moveToDeadLetters(_ id: UInt64, attempts: Int, nowNanos: UInt64, lastError: String, connection: SQLiteConnection) throws -> Bool {
        let copied = try connection.run(
            """
            INSERT INTO workqueue_dead_letters
                (queue, id, dedup_key, user_key, payload, attempts, enqueued_at_nanos, failed_at_nanos, last_error)
            SELECT queue, id, dedup_key, user_key, payload, ?, enqueued_at_nanos, ?, ?
            FROM workqueue_messages WHERE queue = ? AND id = ?
            """,
            attempts, Self.storedNanos(nowNanos), lastError, name, Self.storedID(id)
        )
        try connection.run("DELETE FROM workqueue_messages WHERE queue = ? AND id = ?", name, Self.storedID(id))
        return copied == 1
    }

    /// Whether a delivery with `deduplicationKey` has committed its completion.
    func hasCompletion(_ deduplicationKey: String, connection: SQLiteConnection) throws -> Bool {
        let found = try connection.queryOne(
            "SELECT 1 FROM workqueue_completed WHERE queue = ? AND dedup_key = ?", name, deduplicationKey, row: { _ in true }
        )
        return found ?? false
    }

    static func storedID(_ id: UInt64) -> Int64 { Int64(bitPattern: id) }
    static func storedNanos(_ nanos: UInt64) -> Int64 { Int64(bitPattern: nanos) }
    static func loadedNanos(_ stored: Int64) -> UInt64 { UInt64(bitPattern: stored) }
}
