import ExerciseKit
import LoadGenerator
import ScaleCore

/// The NotificationService workloads. Key `k` is user `k`; every loaded user starts with
/// `loadedPerUser` notifications. User `celebrity` is followed by every loaded user.
public enum NotificationScenarios {
    /// Notifications each loaded user starts with.
    static let loadedPerUser = 5
    /// The author every loaded user follows in the celebrity scenario.
    public static let celebrity: UInt64 = 1 << 40
    /// Inbox page size the polling clients ask for.
    static let pageSize = 20

    public static let all: [Scenario<any NotificationService>] = [inboxPolling, inboxReads, burstySends, celebrityFanOut, failover]

    /// The `cache-start` option: how the measured window finds the cache tier.
    public static let cacheStartOption = DesignOption(
        name: "cache-start",
        summary: "the cache when measuring starts: warm (every loaded inbox read once, the hottest last) or cold (the tier flushed after loading; pair it with a short --warmup such as 10ms)",
        values: ["warm", "cold"], defaultValue: "warm"
    )

    static let loadInboxes: @Sendable (any NotificationService, ScenarioRun) async throws -> Void = { service, run in
        try await ConcurrentLoader.load(count: run.keyCount) { user in
            for index in 0..<loadedPerUser {
                _ = try await service.send(OutgoingNotification(recipient: user, payload: "welcome \(index)", idempotencyKey: "load-\(index)"), session: nil)
            }
        }
        if try cacheStartOption.value(in: run.options) == "cold" {
            // Written-through sends filled the tier while loading: empty it, so every first read misses.
            if let cluster = run.cluster, cluster.configuration.cacheNodeCount > 0 { try await cluster.cache.flushAll() }
            return
        }
        // A warm start: one read of each inbox fills whatever cache the design keeps, the most
        // popular (zipfian rank 0) last, so an LRU smaller than the users keeps those, as it would in steady state.
        try await ConcurrentLoader.load(count: run.keyCount) { index in
            _ = try await service.inbox(of: run.keyCount - 1 - index, limit: pageSize, before: nil, session: nil)
        }
    }

    /// Reads a page or the unread count, marks one read, or sends, by the operation's name.
    static let pollOrSend: @Sendable (any NotificationService, LoadOperation, ScenarioRun) async throws -> Void = { service, operation, run in
        switch operation.kindIndex {
        case 0: _ = try await service.inbox(of: operation.key, limit: pageSize, before: nil, session: nil)
        case 1: _ = try await service.unreadCount(of: operation.key, session: nil)
        case 2: try await service.markRead(1 + run.nextSequenceNumber() % UInt64(loadedPerUser), of: operation.key, session: nil)
        default: try await sendFresh(service, to: operation.key, run)
        }
    }

    /// A send with an idempotency key no other operation of the run uses.
    static func sendFresh(_ service: any NotificationService, to user: UInt64, _ run: ScenarioRun) async throws {
        let sequence = run.nextSequenceNumber()
        _ = try await service.send(OutgoingNotification(recipient: user, payload: "event \(sequence)", idempotencyKey: "e\(sequence)"), session: nil)
    }

    static let pollingMix = OperationMix([
        .init(name: "inbox", weight: 80), .init(name: "unread", weight: 10), .init(name: "mark-read", weight: 5), .init(name: "send", weight: 5),
    ])

    static let inboxPolling = Scenario<any NotificationService>(
        name: "inbox-polling", summary: "80% inbox page, 10% unread count, 5% mark-read, 5% send over zipfian users: the read path",
        mix: pollingMix, keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: loadInboxes, perform: pollOrSend,
        finish: { _, cluster, run, _ in
            try InboxCacheEstimate.metrics(cluster: cluster, keyCount: run.keyCount)
        },
        metrics: InboxCacheEstimate.metrics
    )

    static let inboxReads = Scenario<any NotificationService>(
        name: "inbox-reads",
        summary: "read-only polling over zipfian users: 80% inbox page, 10% unread count, 10% ping (a bare round trip to the cache node of the user's key, or without --cache-nodes to a storage node), after the welcome pushes were delivered: a read beside one round trip, and the hit ratio beside Che's estimate with no writes",
        mix: OperationMix([.init(name: "inbox", weight: 80), .init(name: "unread", weight: 10), .init(name: "ping", weight: 10)]),
        keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: { service, run in
            try await loadInboxes(service, run)
            try await PushProvider.waitUntilShown(UInt64(loadedPerUser) * run.keyCount, on: run.cluster)
            if let cluster = run.cluster { run.attach(RoundTripProbe(cluster: cluster)) }
        },
        perform: { service, operation, run in
            switch operation.kindIndex {
            case 0: _ = try await service.inbox(of: operation.key, limit: pageSize, before: nil, session: nil)
            case 1: _ = try await service.unreadCount(of: operation.key, session: nil)
            default: try await run.attached(as: RoundTripProbe.self)?.ping(for: operation.key)
            }
        },
        finish: { _, cluster, run, _ in
            try InboxCacheEstimate.metrics(cluster: cluster, keyCount: run.keyCount)
        },
        metrics: InboxCacheEstimate.metrics
    )

    static let burstySends = Scenario<any NotificationService>(
        name: "bursty-sends", summary: "100% send with a fresh idempotency key to uniform users: the write path",
        mix: .single("send"),
        prepare: { _, _ in }, perform: { service, operation, run in try await sendFresh(service, to: operation.key, run) }
    )

    static let celebrityFanOut = Scenario<any NotificationService>(
        name: "celebrity-fan-out", summary: "every loaded user follows one celebrity; 1% of operations are the celebrity's post fanned out to all of them, 99% inbox pages",
        mix: OperationMix([.init(name: "inbox", weight: 99), .init(name: "fan-out", weight: 1)]),
        prepare: { service, run in
            try await ConcurrentLoader.load(count: run.keyCount) { user in try await service.follow(user, author: celebrity) }
        },
        perform: { service, operation, run in
            if operation.kindIndex == 0 {
                _ = try await service.inbox(of: operation.key, limit: pageSize, before: nil, session: nil)
            } else {
                let post = run.nextSequenceNumber()
                _ = try await service.fanOut(from: celebrity, payload: "celebrity post \(post)", idempotencyKey: "post-\(post)")
            }
        }
    )

    static let failover = Scenario<any NotificationService>(
        name: "failover", summary: "inbox polling and sends while the primary of shard 0 is killed after 1 s (run with --replicas 3; with 1 the kill is skipped)",
        mix: pollingMix, keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: { service, run in
            try await loadInboxes(service, run)
            run.attach(AcknowledgedSends())
        },
        perform: { service, operation, run in
            guard operation.kindIndex == 3, let acknowledged = run.attached(as: AcknowledgedSends.self) else {
                return try await pollOrSend(service, operation, run)
            }
            let sequence = run.nextSequenceNumber()
            let notification = OutgoingNotification(recipient: operation.key, payload: "event \(sequence)", idempotencyKey: "e\(sequence)")
            _ = try await service.send(notification, session: nil)
            acknowledged.add(notification)
        },
        duringLoad: { _, cluster in
            guard cluster.replicaSet(of: ShardID(0)) != nil else { return [:] }
            try await Task.sleep(nanoseconds: 1_000_000_000)
            let start = MonotonicClock.nowNanos()
            let crashed = try cluster.faults.crashPrimary(of: ShardID(0))
            let recovered = await cluster.faults.waitForNewPrimary(of: ShardID(0), awayFrom: crashed)
            return ["primaryMissingMillis": recovered ? Double(MonotonicClock.elapsedNanos(from: start, to: MonotonicClock.nowNanos())) / 1e6 : .infinity]
        },
        finish: { service, _, run, _ in
            guard let acknowledged = run.attached(as: AcknowledgedSends.self) else { return [:] }
            return ["acknowledgedLost": Double(try await acknowledged.missing(on: service))]
        },
        metrics: [
            TargetMetric("primaryMissingMillis", label: "no primary", unit: .milliseconds, polarity: .prefersSmaller),
            TargetMetric("acknowledgedLost", label: "acked lost", unit: .count, polarity: .prefersSmaller),
        ]
    )
}

/// Where `inbox-reads` times a bare round trip: the cache node that holds the user's inbox head,
/// or a storage node when the cluster has no cache tier.
struct RoundTripProbe: Sendable {
    let cluster: Cluster
    let tier: CacheTier?

    init(cluster: Cluster) {
        self.cluster = cluster
        tier = try? cluster.cache
    }

    func ping(for user: UInt64) async throws {
        if let tier { return try await tier.ping(nodeOf: InboxCache.key(of: user)) }
        let nodes = cluster.nodeIDs
        try await cluster.network.call(from: .client, to: nodes[Int(user % UInt64(nodes.count))]) {}
    }
}

/// The sends a run acknowledged, to count those missing afterwards (lost at a failover).
final class AcknowledgedSends: Sendable {
    // Guarded by the lock: every client of the run adds to it.
    private let sends = Locked<[UInt64: Set<String>]>([:])

    func add(_ notification: OutgoingNotification) {
        sends.withLock { _ = $0[notification.recipient, default: []].insert(notification.payload) }
    }

    /// Acknowledged sends no inbox holds now (each inbox read whole, page by page).
    func missing(on service: any NotificationService) async throws -> Int {
        var missing = 0
        for (user, payloads) in sends.value {
            var held = Set<String>()
            var before: UInt64?
            while true {
                let page = try await Self.retrying { try await service.inbox(of: user, limit: NotificationLimits.maxPageSize, before: before, session: nil) }
                held.formUnion(page.map(\.payload))
                guard page.count == NotificationLimits.maxPageSize, let last = page.last else { break }
                before = last.id
            }
            missing += payloads.subtracting(held).count
        }
        return missing
    }

    /// `body`'s answer, asked again every 50 ms for up to 5 s while the shard settles after a failover.
    private static func retrying<T>(_ body: () async throws -> T) async throws -> T {
        for _ in 0..<100 {
            if let answer = try? await body() { return answer }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return try await body()
    }
}
