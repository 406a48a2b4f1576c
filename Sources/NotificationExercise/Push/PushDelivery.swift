import ExerciseKit
import Foundation
import ScaleCore

/// At-least-once push delivery through the cluster's durable queue: a send enqueues one job per
/// notification (keyed by recipient and idempotency key, so a retried send enqueues nothing new),
/// and workers call the provider with that same key, retrying with backoff on failures and
/// dead-lettering after the queue's attempts. A lost acknowledgement makes a retry; the provider's
/// deduplication on the key keeps the device from showing it twice.
struct PushDelivery: Sendable {
    /// The queue's name on every NotificationService cluster.
    static let queueName = "push"
    /// Workers each service instance adds.
    static let workersPerInstance = 2
    /// Delivery rules: fast retries (the provider's failures are brief), 6 attempts.
    static let queueConfiguration = WorkQueueConfiguration(
        maxDepth: 100_000, visibilityTimeoutNanos: 2_000_000_000, maxAttempts: 6,
        backoff: RetryBackoff(baseDelayNanos: 1_000_000, maxDelayNanos: 20_000_000)
    )

    let queue: ClusterQueue

    /// Opens the cluster's push queue (with `configuration`: tests shrink it to fill it) and starts
    /// this instance's workers, which call `provider`.
    init(cluster: Cluster, configuration: WorkQueueConfiguration = queueConfiguration) throws {
        queue = try cluster.queue(named: Self.queueName, configuration: configuration)
        let provider = try cluster.endpoint(named: PushProvider.endpointName, request: PushRequest.self, response: Void.self)
        try queue.startWorkers(count: Self.workersPerInstance) { item in
            try await provider.call(try JSONDecoder().decode(PushRequest.self, from: Data(item.payload)))
            return .none
        }
    }

    /// Schedules the push of `notification`; returns once the job is durable on the queue.
    func schedule(_ notification: OutgoingNotification) async throws {
        let key = "\(notification.recipient)/\(notification.idempotencyKey)"
        let request = PushRequest(device: notification.recipient, payload: notification.payload, idempotencyKey: key)
        try await queue.enqueue(Array(try JSONEncoder().encode(request)), idempotencyKey: key)
    }

    /// Pushes scheduled at once by a fan-out or a merge of posts.
    static let schedulesInFlight = 16

    /// Schedules the push of each of `notifications`, a few at once (a celebrity's post makes thousands).
    func schedule(_ notifications: [OutgoingNotification]) async throws {
        try await notifications.forEach(inFlight: Self.schedulesInFlight) { try await schedule($0) }
    }
}
