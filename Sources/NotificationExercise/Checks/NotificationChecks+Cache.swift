import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let noStaleCachedRead = Check<any NotificationService>(
        "no-stale-cached-read",
        "two instances over one cluster with a cache tier: every inbox and unread count is read through both (so any cache holds it), then changed through one (sends, mark-reads, fan-outs); once the write returned, reads through both show it; then 4 clients poll through one instance while another sends through the other, over jittery links: no read that began after a send returned misses it"
    ) { context in
        try await context.withCluster({ configuration in
            configuration.cacheNodeCount = max(configuration.cacheNodeCount, 1)
            // Delays that vary widely, so a read's load and a write's delete overlap on most runs.
            configuration.networkDelay = CheckContext<any NotificationService>.jitteryNetwork
        }) { cluster in
            let instances = [try await context.makeService(on: cluster), try await context.makeService(on: cluster)]
            var inboxes = CachedInboxes(users: recipients(3))
            let author: UInt64 = 424_242
            for user in inboxes.users { try await instances[0].follow(user, author: author) }
            var generator = context.generator()
            for step in 0..<24 {
                for user in inboxes.users {
                    for (index, instance) in instances.enumerated() { _ = try await context.observed(user, on: instance, client: index + 1) }
                }
                let writer = step % 2
                let user = inboxes.users[Int(generator.next() % UInt64(inboxes.users.count))]
                let write = inboxes.nextWrite(for: user, step: step, author: author, draw: generator.next())
                try await write.run(on: instances[writer], context: context, client: writer + 1, inboxes: &inboxes)
                for affected in write.affected(inboxes.users) {
                    for (index, instance) in instances.enumerated() {
                        let (page, unread) = try await context.observed(affected, on: instance, client: index + 1)
                        let expected = inboxes.expected[affected, default: []]
                        try context.require(
                            page.map(\.summary) == expected.map(\.summary) && unread == expected.count { !$0.isRead },
                            "after \(write) returned through instance \(writer + 1) (client \(writer + 1) in the history), instance \(index + 1) (client \(index + 1)) read \(affected)'s inbox as \(page) with \(unread) unread; expected \(expected) with \(expected.count { !$0.isRead }) unread: a stale read (a cached inbox the write did not invalidate or update\(index == writer ? "" : "; a near cache that other instances' writes cannot reach serves stale reads, so such a design does not claim cache consistency"))"
                        )
                        inboxes.learn(page, of: affected)
                    }
                }
            }
            try await pollWhileSending(instances, context: context)
        }
    }

    /// 4 clients poll one recipient through instance 1 while a writer sends through instance 2:
    /// every read must show every send that returned before the read began.
    static func pollWhileSending(_ instances: [any NotificationService], context: CheckContext<any NotificationService>) async throws {
        let user = recipients(1, base: 99_991)[0]
        let returned = Locked(-1)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<40 {
                    _ = try await context.sent(OutgoingNotification(recipient: user, payload: "w\(index)", idempotencyKey: "w\(index)"), on: instances[1], client: 10)
                    returned.withLock { $0 = index }
                }
            }
            for reader in 0..<4 {
                group.addTask {
                    while returned.value < 39 {
                        let floor = returned.value
                        let newest = try await context.wholeInbox(of: user, on: instances[0], client: 11 + reader).first?.payload
                        let seen = newest.flatMap { Int($0.dropFirst()) } ?? -1
                        try context.require(seen >= floor, "client \(11 + reader) began reading after send 'w\(floor)' to \(user) returned (client 10, through instance 2), yet instance 1 showed newest \(newest.map { "'\($0)'" } ?? "nothing"): a stale cached inbox")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    static let readYourWritesThroughCache = Check<any NotificationService>(
        "read-your-writes-through-cache",
        "3 replicas per shard, async replication, secondaries cut off from their primary, reads from replicas that have the session's writes, and a cache tier: each client reads its inbox without a session (so a cache holds it), sends or marks read in its session through one instance, and its next read in that session through the other instance shows the write (inbox and unread count)"
    ) { context in
        try await context.withLaggingReplicas({ $0.cacheNodeCount = max($0.cacheNodeCount, 1) }) { cluster in
            let instances = [try await context.makeService(on: cluster), try await context.makeService(on: cluster)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, user) in recipients(3, base: 31).enumerated() {
                    group.addTask {
                        let session = ClusterSession()
                        for index in 0..<16 {
                            let (writer, reader) = (instances[index % 2], instances[(index + 1) % 2])
                            _ = try await context.observed(user, on: reader, client: client)
                            let id = try await context.sent(OutgoingNotification(recipient: user, payload: "c\(client)-\(index)", idempotencyKey: "k\(index)"), on: writer, session: session, client: client)
                            let newest = try await context.wholeInbox(of: user, on: reader, session: session, client: client).first
                            try context.require(newest?.id == id, "client \(client) sent #\(id) to \(user) in its session, then its own read through the other instance showed newest \(newest.map(\.description) ?? "nothing"): an inbox older than the session's last write")
                            let unread = index + 1 - index / 3
                            _ = try await context.expect(.unread(user), on: reader, session: session, .count(unread), "client \(client)'s own read of \(user)'s unread count after its send")
                            if index % 3 == 2 {
                                _ = try await context.observed(user, on: reader, client: client)
                                _ = try await context.expect(.markRead(user, id: id), on: writer, session: session, .done, "mark read")
                                let page = try await context.wholeInbox(of: user, on: reader, session: session, client: client)
                                try context.require(page.first?.isRead == true, "client \(client) marked #\(id) read in its session, then its own read through the other instance showed \(page.first.map(\.description) ?? "nothing"): an inbox older than the session's last write")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

/// What the cache check expects each inbox to hold, oldest first, and the ids it has seen.
struct CachedInboxes {
    struct Expected: CustomStringConvertible {
        var payload: String
        var isRead: Bool
        var summary: String { "\(payload)\(isRead ? " read" : "")" }
        var description: String { "'\(payload)'\(isRead ? " read" : "")" }
    }

    let users: [UInt64]
    /// Newest first, as an inbox shows them.
    var expected: [UInt64: [Expected]] = [:]
    var ids: [UInt64: [String: UInt64]] = [:]

    init(users: [UInt64]) { self.users = users }

    /// A send, a mark-read of an unread entry, or (every fifth step) a fan-out to every user.
    func nextWrite(for user: UInt64, step: Int, author: UInt64, draw: UInt64) -> CacheCheckWrite {
        if step % 5 == 4 { return .fanOut(author: author, payload: "post \(step)") }
        let unread = expected[user, default: []].filter { !$0.isRead }.compactMap { ids[user]?[$0.payload] }
        if draw % 2 == 0, !unread.isEmpty { return .markRead(user, id: unread[Int(draw / 2 % UInt64(unread.count))]) }
        return .send(OutgoingNotification(recipient: user, payload: "n\(step)", idempotencyKey: "n\(step)"))
    }

    /// Takes the ids a read showed.
    mutating func learn(_ page: [InboxEntry], of user: UInt64) {
        for entry in page { ids[user, default: [:]][entry.payload] = entry.id }
    }
}

/// One write of the cache check.
enum CacheCheckWrite: CustomStringConvertible {
    case send(OutgoingNotification)
    case markRead(UInt64, id: UInt64)
    case fanOut(author: UInt64, payload: String)

    var description: String {
        switch self {
        case .send(let notification): "send(\(notification))"
        case .markRead(let user, let id): "markRead(\(id), of: \(user))"
        case .fanOut(let author, let payload): "fanOut(from: \(author), '\(payload)')"
        }
    }

    func affected(_ users: [UInt64]) -> [UInt64] {
        switch self {
        case .send(let notification): [notification.recipient]
        case .markRead(let user, _): [user]
        case .fanOut: users
        }
    }

    /// Performs the write through `service` and records what every inbox should now show.
    func run(on service: any NotificationService, context: CheckContext<any NotificationService>, client: Int, inboxes: inout CachedInboxes) async throws {
        switch self {
        case .send(let notification):
            let id = try await context.sent(notification, on: service, client: client)
            inboxes.expected[notification.recipient, default: []].insert(.init(payload: notification.payload, isRead: false), at: 0)
            inboxes.ids[notification.recipient, default: [:]][notification.payload] = id
        case .markRead(let user, let id):
            _ = try await context.recorded(.markRead(user, id: id), on: service, client: client)
            for index in inboxes.expected[user, default: []].indices where inboxes.ids[user]?[inboxes.expected[user]![index].payload] == id {
                inboxes.expected[user]![index].isRead = true
            }
        case .fanOut(let author, let payload):
            let reached = try await context.history.record(client: client, "fanOut", "from: \(author), '\(payload)'") {
                try await service.fanOut(from: author, payload: payload, idempotencyKey: payload)
            }
            try context.require(reached == inboxes.users.count, "fanOut reached \(reached) followers, the author has \(inboxes.users.count)")
            for user in inboxes.users { inboxes.expected[user, default: []].insert(.init(payload: payload, isRead: false), at: 0) }
        }
    }
}

extension InboxEntry {
    /// Payload and read flag: what the cache check compares (ids are learned from reads).
    var summary: String { "\(payload)\(isRead ? " read" : "")" }
}

extension CheckContext where Service == any NotificationService {
    /// Runs `operation` as `client`, recorded in the check's history.
    func recorded(_ operation: NotificationOperation, on service: Service, session: ClusterSession? = nil, client: Int) async throws -> NotificationOutcome {
        try await history.record(client: client, "\(operation)\(session == nil ? "" : " in session")") { try await operation.run(on: service, session: session) }
    }

    /// `user`'s whole inbox and unread count read through `service` without a session (recorded).
    func observed(_ user: UInt64, on service: Service, client: Int) async throws -> (page: [InboxEntry], unread: Int) {
        let page = try await wholeInbox(of: user, on: service, client: client)
        guard case .count(let unread) = try await recorded(.unread(user), on: service, client: client) else {
            throw CheckFailure("unreadCount(of: \(user)) failed")
        }
        return (page, unread)
    }
}
