import ExerciseKit
import ScaleCore

extension NotificationChecks {
    static let sendThenInbox = Check<any NotificationService>(
        "send-then-inbox",
        "three sends to each of 5 recipients: each inbox shows its own, newest first, with growing ids, unread until marked read; paging with `before` continues where the page ended"
    ) { context in
        let service = try await context.makeService()
        let users = recipients(5)
        for round in 0..<3 {
            for user in users {
                _ = try await context.sent(OutgoingNotification(recipient: user, payload: "m\(round) for \(user)", idempotencyKey: "k\(round)"), on: service)
            }
        }
        for user in users {
            let inbox = try await context.wholeInbox(of: user, on: service)
            try context.require(inbox.map(\.payload) == (0..<3).reversed().map { "m\($0) for \(user)" }, "\(user)'s inbox should be m2, m1, m0 (newest first), got \(inbox)")
            try context.require(zip(inbox, inbox.dropFirst()).allSatisfy { $0.id > $1.id }, "ids must fall newest to oldest: \(inbox)")
            try context.require(inbox.allSatisfy { !$0.isRead }, "nothing was read yet: \(inbox)")
            _ = try await context.expect(.unread(user), on: service, .count(3), "three unread")
            let first = try await context.recorded(.inbox(user, limit: 2, before: nil), on: service, client: 0)
            let rest = try await context.recorded(.inbox(user, limit: 2, before: inbox[1].id), on: service, client: 0)
            try context.require(first == .page(Array(inbox.prefix(2))) && rest == .page([inbox[2]]), "pages of 2 should be \(Array(inbox.prefix(2))) then \([inbox[2]]); got \(first) then \(rest)")
        }
    }

    static let idempotentSend = Check<any NotificationService>(
        "idempotent-send",
        "the same idempotency key sent again (one after the other, then 16 times by 8 clients at once over jittery links) stores one notification and returns one id"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any NotificationService>.jitteryNetwork)
        let user = recipients(1)[0]
        let notification = OutgoingNotification(recipient: user, payload: "liked your post", idempotencyKey: "like-1")
        let first = try await context.sent(notification, on: service)
        let again = try await context.sent(notification, on: service)
        try context.require(first == again, "a retried send returned id \(again), the first \(first)")
        for round in 0..<16 {
            let racing = OutgoingNotification(recipient: user, payload: "followed you \(round)", idempotencyKey: "follow-\(round)")
            let ids = try await withThrowingTaskGroup(of: UInt64.self) { group in
                for _ in 0..<8 { group.addTask { try await context.sent(racing, on: service) } }
                return try await group.reduce(into: Set<UInt64>()) { $0.insert($1) }
            }
            try context.require(ids.count == 1, "8 concurrent sends of one key returned ids \(ids.sorted())")
        }
        let inbox = try await context.wholeInbox(of: user, on: service)
        let expected = (0..<16).reversed().map { "followed you \($0)" } + ["liked your post"]
        try context.require(inbox.map(\.payload) == expected, "one notification per key expected, \(expected); got \(inbox)")
        _ = try await context.expect(.unread(user), on: service, .count(17), "the unread count counts each notification once")
    }

    static let markReadTwiceIsHarmless = Check<any NotificationService>(
        "mark-read-twice",
        "marking a notification read twice changes nothing the second time; an unknown id is refused as notFound; the unread count follows"
    ) { context in
        let service = try await context.makeService()
        let user = recipients(1)[0]
        let ids = try await (0..<3).asyncMap { try await context.sent(OutgoingNotification(recipient: user, payload: "n\($0)", idempotencyKey: "k\($0)"), on: service) }
        _ = try await context.expect(.markRead(user, id: ids[1]), on: service, .done, "mark read")
        _ = try await context.expect(.markRead(user, id: ids[1]), on: service, .done, "mark read again")
        _ = try await context.expect(.unread(user), on: service, .count(2), "one of three read, twice")
        _ = try await context.expect(.markRead(user, id: ids.max()! + 10), on: service, .refused(.notFound), "an id the user never got")
        _ = try await context.expect(.markRead(recipients(2)[1], id: ids[0]), on: service, .refused(.notFound), "another user's id")
        let inbox = try await context.wholeInbox(of: user, on: service)
        try context.require(inbox.map(\.isRead) == [false, true, false], "only n1 is read: \(inbox)")
    }

    static let fanOutOncePerFollower = Check<any NotificationService>(
        "fan-out-once",
        "an author with 40 followers on every shard fans out twice with one key, then each follower gets a notification of its own, then the author fans out with another key: each follower gets each key once, newest first in the order they were posted (a post read later still sits where it was posted), and the call counts the followers"
    ) { context in
        let service = try await context.makeService()
        let author: UInt64 = 777_777
        let followers = recipients(40, base: 10)
        for follower in followers + followers.prefix(5) { try await service.follow(follower, author: author) }
        for key in ["post-1", "post-1"] { try await fanOut(key, from: author, reaching: followers.count, on: service, context) }
        for follower in followers {
            let sent = try await context.recorded(.send(OutgoingNotification(recipient: follower, payload: "own", idempotencyKey: "own")), on: service, client: 0)
            guard case .sent = sent else { throw CheckFailure("a send to follower \(follower) after the post answered \(sent)") }
        }
        try await fanOut("post-2", from: author, reaching: followers.count, on: service, context)
        for follower in followers {
            let payloads = try await context.wholeInbox(of: follower, on: service).map(\.payload)
            try context.require(payloads == ["new post-2", "own", "new post-1"], "follower \(follower) should hold each post once, newest first in posting order, got \(payloads)")
        }
        let stranger = try await context.wholeInbox(of: 5, on: service)
        try context.require(stranger.isEmpty, "a user who follows no one got \(stranger)")
    }

    /// `author` fans out the post `key`; the call must count `followerCount` followers.
    private static func fanOut(_ key: String, from author: UInt64, reaching followerCount: Int, on service: any NotificationService, _ context: CheckContext<any NotificationService>) async throws {
        let reached = try await context.history.record(client: 0, "fanOut", "from: \(author), 'new \(key)', key: \(key)") {
            try await service.fanOut(from: author, payload: "new \(key)", idempotencyKey: key)
        }
        try context.require(reached == followerCount, "fanOut reached \(reached), the author has \(followerCount) followers (following twice is one follow)")
    }

    static let badInputRefused = Check<any NotificationService>(
        "bad-input-refused",
        "an empty or oversized payload, an empty key and a page size of 0 or above the limit are refused with their codes and store nothing"
    ) { context in
        let service = try await context.makeService()
        let user = recipients(1)[0]
        let big = String(repeating: "x", count: NotificationLimits.maxPayloadBytes + 1)
        for (notification, code) in [
            (OutgoingNotification(recipient: user, payload: "", idempotencyKey: "a"), NotificationServiceError.Code.invalidPayload),
            (OutgoingNotification(recipient: user, payload: big, idempotencyKey: "b"), .invalidPayload),
            (OutgoingNotification(recipient: user, payload: "hi", idempotencyKey: ""), .invalidKey),
        ] {
            _ = try await context.expect(.send(notification), on: service, .refused(code), "bad send")
        }
        for limit in [0, NotificationLimits.maxPageSize + 1] {
            _ = try await context.expect(.inbox(user, limit: limit, before: nil), on: service, .refused(.invalidLimit), "bad page size")
        }
        _ = try await context.expect(.unread(user), on: service, .count(0), "nothing stored")
    }
}

extension Sequence where Element: Sendable {
    /// Maps in order, one element at a time.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
