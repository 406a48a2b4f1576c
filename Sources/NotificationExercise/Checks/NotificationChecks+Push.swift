import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let pushExactlyOnce = Check<any NotificationService>(
        "push-exactly-once",
        "with a flaky provider (3 % refused, 2 % acknowledgements lost), 4 clients send 200 notifications (some twice with their key); once deliveries settle every acknowledged notification showed on its device exactly once, or sits in the push queue's dead letters, and none showed twice"
    ) { context in
        try await context.withCluster({ configuration in
            configuration.options["provider"] = ProviderBehaviour.flaky.rawValue
        }) { cluster in
            let service = try await context.makeService(on: cluster)
            let users = recipients(8)
            let acknowledged = Locked<[OutgoingNotification]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        for index in 0..<50 {
                            let notification = OutgoingNotification(recipient: users[(client + index) % users.count], payload: "c\(client)-\(index)", idempotencyKey: "c\(client)-\(index)")
                            // Every third one is sent twice: the retry must not push it again.
                            for _ in 0..<(index % 3 == 0 ? 2 : 1) {
                                if case .sent = try await context.recorded(.send(notification), on: service, client: client) {
                                    acknowledged.withLock { $0.append(notification) }
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let provider = try cluster.fixture(named: PushProvider.fixtureName, as: PushProvider.self)
            let settled = await context.waitForPushes(on: cluster, toShow: Set(acknowledged.value), provider: provider)
            // Whatever the design named its queues, a dead letter names its notification by key or payload.
            let deadLetters = try cluster.openQueues.values.flatMap { try $0.deadLetters(limit: 1_000) }
            for user in users {
                let shown = provider.shown(on: user)
                if let twice = Set(shown).first(where: { payload in shown.count { $0 == payload } > 1 }) {
                    throw CheckFailure("device \(user) showed '\(twice)' \(shown.count { $0 == twice }) times; a notification must show once (the provider deduplicates on the push's key: keep one key per notification across retries)")
                }
            }
            for notification in Set(acknowledged.value) {
                let shown = provider.shown(on: notification.recipient).contains(notification.payload)
                let dead = deadLetters.contains { letter in
                    letter.idempotencyKey?.contains(notification.idempotencyKey) == true
                        || String(decoding: letter.payload, as: UTF8.self).contains(notification.payload)
                }
                try context.require(shown || dead, "'\(notification.payload)' to \(notification.recipient) was acknowledged but never showed on the device nor reached the dead letters\(settled ? "" : " (the design's queues still held deliveries after 3 s)"): a push was lost")
            }
        }
    }
}

extension CheckContext where Service == any NotificationService {
    /// Waits (at most 3 s) until every queue the design opened has nothing left to deliver
    /// (retries of lost acknowledgements included) or, for a design that pushes without a queue,
    /// until the provider showed every one of `notifications`; true when it settled.
    func waitForPushes(on cluster: Cluster, toShow notifications: Set<OutgoingNotification>, provider: PushProvider) async -> Bool {
        let deadlineNanos = MonotonicClock.nowNanos() &+ 3_000_000_000
        while MonotonicClock.nowNanos() < deadlineNanos {
            let queues = cluster.openQueues.values.map { $0.metrics() }.filter { $0.enqueued > 0 }
            if !queues.isEmpty {
                if queues.allSatisfy({ $0.depth == 0 && $0.inFlight == 0 }) { return true }
            } else if notifications.allSatisfy({ provider.shown(on: $0.recipient).contains($0.payload) }) {
                return true
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return false
    }
}
