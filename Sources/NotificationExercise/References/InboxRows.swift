import ScaleCore

/// The SQL of the reference designs, one function per statement group, run inside a shard call.
enum InboxRows {
    /// Stores `notification` unless its key was used for this recipient; returns its id either way.
    /// `madeAtNanos` places it in a time-ordered inbox (a merged post: when it was posted; else now).
    static func insert(_ notification: OutgoingNotification, madeAtNanos: UInt64? = nil, on connection: SQLiteConnection) throws -> UInt64 {
        let recipient = Int64(bitPattern: notification.recipient)
        let existing = try connection.queryOne(
            "SELECT seq FROM notifications WHERE recipient = ? AND idempotency_key = ?", recipient, notification.idempotencyKey
        ) { $0.int64(at: 0) }
        if let existing { return UInt64(existing) }
        let next = try connection.queryOne("SELECT ifnull(max(seq), 0) + 1 FROM notifications WHERE recipient = ?", recipient) { $0.int64(at: 0) } ?? 1
        try connection.run(
            "INSERT INTO notifications (recipient, seq, payload, idempotency_key, sort_at) VALUES (?, ?, ?, ?, ?)",
            recipient, next, notification.payload, notification.idempotencyKey, Int64(clamping: madeAtNanos ?? MonotonicClock.nowNanos())
        )
        try connection.run(
            "INSERT INTO unread_counts (recipient, unread, version) VALUES (?, 1, 1) ON CONFLICT (recipient) DO UPDATE SET unread = unread + 1, version = version + 1", recipient
        )
        return UInt64(next)
    }

    /// A page of `user`'s inbox, newest first: in id order, or `byTime` in the order the entries
    /// were made (fan-out on read, where a post merged later was made earlier).
    static func page(of user: UInt64, limit: Int, before: UInt64?, byTime: Bool = false, on connection: SQLiteConnection) throws -> [InboxEntry] {
        let recipient = Int64(bitPattern: user)
        let beforeSeq = Int64(bitPattern: before ?? UInt64(Int64.max))
        let entry: (SQLiteRow) -> InboxEntry = { row in InboxEntry(id: UInt64(row.int64(at: 0)), payload: row.string(at: 1), isRead: row.int64(at: 2) != 0) }
        guard byTime else {
            return try connection.query(
                "SELECT seq, payload, is_read FROM notifications WHERE recipient = ? AND seq < ? ORDER BY seq DESC LIMIT ?", recipient, beforeSeq, limit, row: entry
            )
        }
        // The next page starts after the entry `before` names; an id the inbox lacks pages by id.
        if before != nil, let madeAt = try connection.queryOne(
            "SELECT sort_at FROM notifications WHERE recipient = ? AND seq = ?", recipient, beforeSeq, row: { $0.int64(at: 0) }
        ) {
            return try connection.query(
                "SELECT seq, payload, is_read FROM notifications WHERE recipient = ?1 AND (sort_at, seq) < (?2, ?3) ORDER BY sort_at DESC, seq DESC LIMIT ?4",
                recipient, madeAt, beforeSeq, limit, row: entry
            )
        }
        return try connection.query(
            "SELECT seq, payload, is_read FROM notifications WHERE recipient = ? AND seq < ? ORDER BY sort_at DESC, seq DESC LIMIT ?", recipient, beforeSeq, limit, row: entry
        )
    }

    /// `user`'s unread count and newest `InboxHead.entryLimit` entries (`byTime` as `page`), for the cache.
    static func head(of user: UInt64, byTime: Bool = false, on connection: SQLiteConnection) throws -> InboxHead {
        let entries = try page(of: user, limit: InboxHead.entryLimit + 1, before: nil, byTime: byTime, on: connection)
        return InboxHead(
            version: try version(of: user, on: connection), unreadCount: try unreadCount(of: user, on: connection),
            entries: Array(entries.prefix(InboxHead.entryLimit)), isWhole: entries.count <= InboxHead.entryLimit
        )
    }

    /// How many writes changed `user`'s inbox: the version of what the cache holds for it.
    static func version(of user: UInt64, on connection: SQLiteConnection) throws -> UInt64 {
        UInt64(try connection.queryOne("SELECT version FROM unread_counts WHERE recipient = ?", Int64(bitPattern: user)) { $0.int64(at: 0) } ?? 0)
    }

    /// The unread counter of `user`, kept in the transactions that change its rows.
    static func unreadCount(of user: UInt64, on connection: SQLiteConnection) throws -> Int {
        Int(try connection.queryOne("SELECT unread FROM unread_counts WHERE recipient = ?", Int64(bitPattern: user)) { $0.int64(at: 0) } ?? 0)
    }

    /// Marks `id` read; false when `user` has no such notification.
    static func markRead(_ id: UInt64, of user: UInt64, on connection: SQLiteConnection) throws -> Bool {
        let recipient = Int64(bitPattern: user)
        let changed = try connection.run("UPDATE notifications SET is_read = 1 WHERE recipient = ? AND seq = ? AND is_read = 0", recipient, Int64(bitPattern: id))
        if changed == 1 {
            try connection.run("UPDATE unread_counts SET unread = unread - 1, version = version + 1 WHERE recipient = ?", recipient)
            return true
        }
        return try connection.queryOne("SELECT 1 FROM notifications WHERE recipient = ? AND seq = ?", recipient, Int64(bitPattern: id)) { _ in true } ?? false
    }

    /// Records a follow (idempotent).
    static func follow(_ follower: UInt64, author: UInt64, on connection: SQLiteConnection) throws {
        try connection.run("INSERT OR IGNORE INTO follows (author, follower) VALUES (?, ?)", Int64(bitPattern: author), Int64(bitPattern: follower))
    }

    /// Every follower of `author`.
    static func followers(of author: UInt64, on connection: SQLiteConnection) throws -> [UInt64] {
        try connection.query("SELECT follower FROM follows WHERE author = ? ORDER BY follower", Int64(bitPattern: author)) { UInt64(bitPattern: $0.int64(at: 0)) }
    }
}
