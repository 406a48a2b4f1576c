import ScaleCore

/// The SQL of fan-out on read: an author's posts stored once, and each follower's cursor into them.
enum PostRows {
    /// A stored post: its per-author sequence number, text, key and when it was posted.
    struct Post: Sendable {
        var seq: Int64
        var payload: String
        var idempotencyKey: String
        var postedAtNanos: UInt64
    }

    /// Stores a post of `author` unless its key was used (a retried fan-out stores nothing).
    static func post(by author: UInt64, payload: String, idempotencyKey: String, on connection: SQLiteConnection) throws {
        let id = Int64(bitPattern: author)
        try connection.run(
            "INSERT OR IGNORE INTO posts (author, seq, payload, idempotency_key, posted_at) SELECT ?1, ifnull(max(seq), 0) + 1, ?2, ?3, ?4 FROM posts WHERE author = ?1",
            id, payload, idempotencyKey, Int64(clamping: MonotonicClock.nowNanos())
        )
    }

    /// How many follow `author`.
    static func followerCount(of author: UInt64, on connection: SQLiteConnection) throws -> Int {
        Int(try connection.queryOne("SELECT count(*) FROM follows WHERE author = ?", Int64(bitPattern: author)) { $0.int64(at: 0) } ?? 0)
    }

    /// The newest post's sequence number of `author` (0 for none): where a new follower starts.
    static func newestPost(of author: UInt64, on connection: SQLiteConnection) throws -> Int64 {
        try connection.queryOne("SELECT ifnull(max(seq), 0) FROM posts WHERE author = ?", Int64(bitPattern: author)) { $0.int64(at: 0) } ?? 0
    }

    /// Posts of `author` after `seq`, oldest first.
    static func posts(of author: UInt64, after seq: Int64, on connection: SQLiteConnection) throws -> [Post] {
        try connection.query(
            "SELECT seq, payload, idempotency_key, posted_at FROM posts WHERE author = ? AND seq > ? ORDER BY seq", Int64(bitPattern: author), seq
        ) { Post(seq: $0.int64(at: 0), payload: $0.string(at: 1), idempotencyKey: $0.string(at: 2), postedAtNanos: UInt64(clamping: $0.int64(at: 3))) }
    }

    /// Records that `follower` follows `author` from post `seq` on (a repeat keeps the first cursor).
    static func startFollowing(_ follower: UInt64, author: UInt64, after seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run(
            "INSERT OR IGNORE INTO following (follower, author, merged_through) VALUES (?, ?, ?)", Int64(bitPattern: follower), Int64(bitPattern: author), seq
        )
    }

    /// The authors `follower` follows and the newest post of each already in its inbox.
    static func cursors(of follower: UInt64, on connection: SQLiteConnection) throws -> [(author: UInt64, mergedThrough: Int64)] {
        try connection.query("SELECT author, merged_through FROM following WHERE follower = ?", Int64(bitPattern: follower)) {
            (UInt64(bitPattern: $0.int64(at: 0)), $0.int64(at: 1))
        }
    }

    /// Moves `follower`'s cursor on `author` forward to `seq` (never back).
    static func advance(_ follower: UInt64, author: UInt64, to seq: Int64, on connection: SQLiteConnection) throws {
        try connection.run(
            "UPDATE following SET merged_through = max(merged_through, ?) WHERE follower = ? AND author = ?", seq, Int64(bitPattern: follower), Int64(bitPattern: author)
        )
    }
}
