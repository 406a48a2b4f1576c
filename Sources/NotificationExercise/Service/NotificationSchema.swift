import ScaleCore

/// The tables every node of a NotificationService cluster starts with.
///
/// - `notifications`: the inbox rows, placed by recipient; `seq` is the per-recipient id, `sort_at`
///   when it was made (a post merged on read: when it was posted, `posts.posted_at`).
/// - `unread_counts`: one counter per recipient, kept in the same transaction as the rows it counts,
///   and `version`, bumped by every write that changes the recipient's inbox (write-through order).
/// - `follows`: who follows whom, placed by author (fan-out reads an author's followers).
/// - `posts` (placed by author) and `following` (placed by follower, with the newest post merged
///   into the follower's inbox): fan-out on read stores a post once and each follower's inbox
///   read merges the posts it has not taken yet.
public enum NotificationSchema {
    public static let migrations = SchemaMigrations(component: "notification-service", steps: [
        SchemaMigration(version: 1, name: "notifications, unread counts, follows", sql: """
            CREATE TABLE notifications (
                recipient INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                payload TEXT NOT NULL,
                is_read INTEGER NOT NULL DEFAULT 0,
                idempotency_key TEXT NOT NULL,
                PRIMARY KEY (recipient, seq)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX notifications_by_key ON notifications(recipient, idempotency_key);
            CREATE TABLE unread_counts (
                recipient INTEGER PRIMARY KEY,
                unread INTEGER NOT NULL
            );
            CREATE TABLE follows (
                author INTEGER NOT NULL,
                follower INTEGER NOT NULL,
                PRIMARY KEY (author, follower)
            ) WITHOUT ROWID;
            """),
        SchemaMigration(version: 2, name: "posts and per-follower cursors, for fan-out on read", sql: """
            CREATE TABLE posts (
                author INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                payload TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                PRIMARY KEY (author, seq)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX posts_by_key ON posts(author, idempotency_key);
            CREATE TABLE following (
                follower INTEGER NOT NULL,
                author INTEGER NOT NULL,
                merged_through INTEGER NOT NULL,
                PRIMARY KEY (follower, author)
            ) WITHOUT ROWID;
            """),
        SchemaMigration(version: 3, name: "a per-recipient write counter, the version of a written-through inbox", sql: """
            ALTER TABLE unread_counts ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
            """),
        SchemaMigration(version: 4, name: "when each notification and post was made, so merged posts sit where they were posted", sql: """
            ALTER TABLE notifications ADD COLUMN sort_at INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE posts ADD COLUMN posted_at INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX notifications_by_time ON notifications(recipient, sort_at, seq);
            """),
    ])
}
