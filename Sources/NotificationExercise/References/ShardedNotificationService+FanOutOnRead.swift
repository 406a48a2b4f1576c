import ExerciseKit
import ScaleCore

extension ShardedNotificationService {
    /// Fan-out on read: copies into `user`'s inbox the posts of the authors it follows that it has
    /// not taken yet, as notifications keyed by the post's key (so two reads merging at once store
    /// each once) and placed at the time they were posted (the inbox reads in that order), moves
    /// its cursors, writes the new head through, and schedules their pushes. Nothing with fan-out on write.
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
        let caching = cache != nil
        let (merged, head) = try await cluster.write(PartitionKey(user), kind: .notificationFanOut, session: session) { connection in
            var merged: [OutgoingNotification] = []
            for (author, posts) in fresh {
                for post in posts {
                    let notification = OutgoingNotification(recipient: user, payload: post.payload, idempotencyKey: post.idempotencyKey)
                    _ = try InboxRows.insert(notification, madeAtNanos: post.postedAtNanos, on: connection)
                    merged.append(notification)
                }
                try PostRows.advance(user, author: author, to: posts.last!.seq, on: connection)
            }
            return (merged, caching ? try InboxRows.head(of: user, byTime: true, on: connection) : nil)
        }
        if let head { try await cache?.writeThrough(head, of: user) }
        try await push.schedule(merged)
    }
}
