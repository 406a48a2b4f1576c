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
                                if case .sent = try await NotificationOperation.send(notification).run(on: service) {
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
            let deadLettered = Set(try cluster.queue(named: PushDelivery.queueName, configuration: PushDelivery.queueConfiguration).deadLetters(limit: 1_000).compactMap(\.idempotencyKey))
            for user in users {
                let shown = provider.shown(on: user)
                if let twice = Set(shown).first(where: { payload in shown.count { $0 == payload } > 1 }) {
                    throw CheckFailure("device \(user) showed '\(twice)' \(shown.count { $0 == twice }) times; a notification must show once (the provider deduplicates on the push's key: keep one key per notification across retries)")
                }
            }
            for notification in Set(acknowledged.value) {
                let shown = provider.shown(on: notification.recipient).contains(notification.payload)
                let dead = deadLettered.contains { $0.hasSuffix("/\(notification.idempotencyKey)") }
                try context.require(shown || dead, "'\(notification.payload)' to \(notification.recipient) was acknowledged but never showed on the device nor reached the dead letters\(settled ? "" : " (deliveries were still settling after 3 s)"): a push was lost")
            }
        }
    }
}

extension CheckContext where Service == any NotificationService {
    /// Waits (at most 3 s) until the push queue has nothing left to deliver (retries of lost
    /// acknowledgements included) or, for a design that pushes without it, until the provider
    /// showed every one of `notifications`; true when it settled.
    func waitForPushes(on cluster: Cluster, toShow notifications: Set<OutgoingNotification>, provider: PushProvider) async -> Bool {
        let deadlineNanos = MonotonicClock.nowNanos() &+ 3_000_000_000
        while MonotonicClock.nowNanos() < deadlineNanos {
            let metrics = try? cluster.queue(named: PushDelivery.queueName, configuration: PushDelivery.queueConfiguration).metrics()
            if let metrics, metrics.enqueued > 0 {
                if metrics.depth == 0, metrics.inFlight == 0 { return true }
            } else if notifications.allSatisfy({ provider.shown(on: $0.recipient).contains($0.payload) }) {
                return true
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return false
    }
}
