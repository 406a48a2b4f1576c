import ExerciseKit
import ScaleCore
import Testing
@testable import NotificationExercise

/// Fan-out on read: a read whose merge is refused by a full push queue must leave its posts to be
/// merged (and pushed) again, never mark them merged with their pushes unscheduled.
@Suite(.serialized) struct FullPushQueueTests {
    static let (reader, author): (UInt64, UInt64) = (1, 2)

    @Test func aMergeRefusedByAFullPushQueueIsPushedByALaterRead() async throws {
        let cluster = try await Cluster.start(ClusterConfiguration(shardCount: 2, storageMode: .memory), migrations: NotificationSchema.migrations)
        try PushProvider.setUp(on: cluster)
        var pushQueue = PushDelivery.queueConfiguration
        pushQueue.maxDepth = 3
        let service = try ShardedNotificationService(cluster: cluster, design: NotificationDesign(fanOut: .read), pushQueue: pushQueue)
        let provider = try cluster.fixture(named: PushProvider.fixtureName, as: PushProvider.self)
        let providerNode = try cluster.endpoint(named: PushProvider.endpointName, request: PushRequest.self, response: Void.self).nodeID
        try await service.follow(Self.reader, author: Self.author)

        // A provider slower than its 50 ms timeout: the first three pushes stay queued, filling it.
        cluster.faults.slow(providerNode, extraNanos: 1_000_000_000)
        for post in 1...3 { _ = try await service.fanOut(from: Self.author, payload: "p\(post)", idempotencyKey: "k\(post)") }
        _ = try await service.inbox(of: Self.reader, limit: 10, before: nil, session: nil)
        for post in 4...5 { _ = try await service.fanOut(from: Self.author, payload: "p\(post)", idempotencyKey: "k\(post)") }
        do {
            _ = try await service.inbox(of: Self.reader, limit: 10, before: nil, session: nil)
            Issue.record("the merge of p4 and p5 should be refused while the push queue holds 3")
        } catch {
            #expect((error as? WorkQueueError)?.code == .queueFull, "refused for another reason: \(error)")
        }

        // The provider recovers; once the queue has room, the next read merges p4 and p5 again.
        cluster.faults.apply(.reset)
        let queue = try #require(cluster.openQueues[PushDelivery.queueName])
        try await Self.waitUntil { queue.metrics().depth < 3 }
        _ = try await service.inbox(of: Self.reader, limit: 10, before: nil, session: nil)
        try await Self.waitUntil { Set(provider.shown(on: Self.reader)).isSuperset(of: ["p4", "p5"]) }
        #expect(Set(provider.shown(on: Self.reader)).isSuperset(of: ["p4", "p5"]), "shown on the reader's device: \(provider.shown(on: Self.reader))")
        await cluster.shutdown()
    }

    /// Polls `condition` every 10 ms for at most 20 s (the sanitizer build is slow).
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadlineNanos = MonotonicClock.nowNanos() &+ 20_000_000_000
        while !condition(), MonotonicClock.nowNanos() < deadlineNanos {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }
}
