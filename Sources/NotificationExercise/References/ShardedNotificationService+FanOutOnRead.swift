import ExerciseKit
import ScaleCore

extension ShardedNotificationService {
    /// Fan-out on read: copies into `user`'s inbox the posts of the authors it follows that it has
    /// not taken yet, as notifications keyed by the post's key (so two reads merging at once store
    /// each once) and placed at the time they were posted (the inbox reads in that order), schedules
    /// their pushes, then moves its cursors and writes the new head through. Nothing with fan-out on write.
    func mergePosts(into user: UInt64, session: ClusterSession?) async throws {
        guard design.fanOut == .read else { return }
        let cursors = try await cluster.read(PartitionKey(user), kind: .notificationFanOut, session: session) { try PostRows.cursors(of: user, on: $0) }
        guard !cursors.isEmpty else { return }
        let fresh = try await withThrowingTaskGroup(of: (UInt64, [PostRows.Post]).self) { group in
            for (author, mergedThrough) in cursors {
                // The primary: a post whose fan-out returned is there.
                group.addTask { [cluster] in
                    (author, try await cluster.read(PartitionKey(author), kind: .notificationFanOut, reads: .primary) {
                        try PostRows.posts(of: author, after: mergedThrough, on: $0)
                    })
                }
            }
            return try await group.reduce(into: [(UInt64, [PostRows.Post])]()) { if !$1.1.isEmpty { $0.append($1) } }
        }
        guard !fresh.isEmpty else { return }
        let notification = { (post: PostRows.Post) in OutgoingNotification(recipient: user, payload: post.payload, idempotencyKey: post.idempotencyKey) }
        let merged = fresh.flatMap { _, posts in posts.map(notification) }
        // Before the cursors move: once they moved no read merges these posts again, so a push
        // scheduled after (and refused, e.g. by a full queue) would be lost. A merge that fails
        // after this is redone by the next read; its pushes are keyed, so none shows twice.
        try await push.schedule(merged)
        let caching = cache != nil
        let head = try await cluster.write(PartitionKey(user), kind: .notificationFanOut, session: session) { connection in
            for (author, posts) in fresh {
                for post in posts { _ = try InboxRows.insert(notification(post), madeAtNanos: post.postedAtNanos, on: connection) }
                try PostRows.advance(user, author: author, to: posts.last!.seq, on: connection)
            }
            return caching ? try InboxRows.head(of: user, byTime: true, on: connection) : nil
        }
        if let head { try await cache?.writeThrough(head, of: user) }
    }
}
