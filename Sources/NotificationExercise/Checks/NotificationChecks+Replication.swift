import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let readYourWritesOnReplicas = Check<any NotificationService>(
        "read-your-writes",
        "3 replicas per shard, async replication, secondaries cut off from their primary, reads from replicas that have the session's writes: a client that sent a notification or marked one read always sees it in its next read (inbox and unread count)"
    ) { context in
        try await context.withLaggingReplicas({ $0.networkDelay = .uniform(minNanos: 50_000, maxNanos: 2_000_000) }) { cluster in
            let service = try await context.makeService(on: cluster)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, user) in recipients(3).enumerated() {
                    group.addTask {
                        let session = ClusterSession()
                        for index in 0..<30 {
                            let id = try await context.sent(OutgoingNotification(recipient: user, payload: "c\(client)-\(index)", idempotencyKey: "k\(index)"), on: service, session: session)
                            let newest = try await context.wholeInbox(of: user, on: service, session: session).first
                            try context.require(newest?.id == id, "client \(client) sent #\(id) to \(user), then its own read showed newest \(newest.map(\.description) ?? "nothing")")
                            let unread = index + 1 - index / 4
                            _ = try await context.expect(.unread(user), on: service, session: session, .count(unread), "client \(client)'s own read of \(user)'s unread count after its send")
                            if index % 4 == 3 {
                                _ = try await context.expect(.markRead(user, id: id), on: service, session: session, .done, "mark read")
                                let page = try await context.wholeInbox(of: user, on: service, session: session)
                                try context.require(page.first?.isRead == true, "client \(client) marked #\(id) read, then its own read showed it unread")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    static let acknowledgedSurvivesFailover = Check<any NotificationService>(
        "acknowledged-survives-failover",
        "3 replicas per shard, sync replication: 4 clients send while the primary of every shard a recipient lives on is crashed; every send that returned an id is in its inbox right after its client's last send, and once after the failover"
    ) { context in
        try await context.withCluster({ configuration in
            configuration.replicaCount = 3
            configuration.replication = .sync
            configuration.failoverTimeoutNanos = 300_000_000
        }) { cluster in
            let service = try await context.makeService(on: cluster)
            let users = recipients(4)
            let acknowledged = Locked<[(UInt64, String)]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, user) in users.enumerated() {
                    group.addTask {
                        var mine: [String] = []
                        for index in 0..<60 {
                            let payload = "c\(client)-\(index)"
                            if case .sent = try await context.recorded(.send(OutgoingNotification(recipient: user, payload: payload, idempotencyKey: payload)), on: service, client: client) {
                                acknowledged.withLock { $0.append((user, payload)) }
                                mine.append(payload)
                            }
                        }
                        // Right after the client's last send returned: an acknowledgement must mean stored, not
                        // stored later (a send still finishing in the background can also still fail).
                        let inbox = try await context.wholeInbox(of: user, on: service).map(\.payload)
                        for payload in mine {
                            try context.require(inbox.contains(payload), "'\(payload)' to \(user) was acknowledged but is not in the inbox right after the client's last send returned")
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: 30_000_000)
                    let shard = try cluster.shardMap().route(for: PartitionKey(users[0])).writeShard
                    let crashed = try cluster.faults.crashPrimary(of: shard)
                    try context.require(await cluster.faults.waitForNewPrimary(of: shard, awayFrom: crashed), "no new primary for shard \(shard.rawValue) within 5 s")
                }
                try await group.waitForAll()
            }
            for user in users {
                let inbox = try await context.wholeInbox(of: user, on: service).map(\.payload)
                for (_, payload) in acknowledged.value where payload.hasPrefix("c\(users.firstIndex(of: user)!)-") {
                    try context.require(inbox.count { $0 == payload } == 1, "'\(payload)' to \(user) was acknowledged but the inbox holds it \(inbox.count { $0 == payload }) time(s) after the failover")
                }
            }
        }
    }
}

extension CheckContext where Service == any NotificationService {
    /// Runs `body` on a cluster of 3 replicas per shard, async replication, read-your-writes reads
    /// (then `configure`), whose secondaries are cut off from their primary: they never catch up,
    /// so only a read that honours the session avoids them.
    func withLaggingReplicas(_ configure: @escaping @Sendable (inout ClusterConfiguration) -> Void, _ body: (Cluster) async throws -> Void) async throws {
        try await withCluster({ configuration in
            configuration.replicaCount = 3
            configuration.replication = .async
            configuration.reads = .readYourWrites
            configure(&configuration)
        }) { cluster in
            for shard in cluster.replicaSets.keys { try cluster.faults.isolatePrimaryFromReplicas(of: shard) }
            try await body(cluster)
        }
    }
}
