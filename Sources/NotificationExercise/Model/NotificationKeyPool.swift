import ScaleCore

/// A few recipients, payloads and idempotency keys that a check's operations draw from: so few
/// that keys repeat (retried sends) and every inbox holds several notifications.
public struct NotificationKeyPool: Sendable {
    /// Recipients spread over the id space, so they land on different shards.
    public var users: [UInt64]
    public var keys: [String]
    /// Whether draws include refused input (empty payloads, page size 0), which a service may
    /// refuse without reaching the cluster.
    public var drawsBadInput = true

    /// Pool number `round` (disjoint from every other round's) of `size` recipients.
    public init(round: Int, size: Int) {
        let base = 1 &+ UInt64(round) &* 1_000_003
        users = (0..<size).map { base &+ UInt64($0) &* 7_919 }
        keys = (0..<(2 * size)).map { "r\(round)k\($0)" }
    }

    /// One operation for `state`: sends (a repeated key now and then, an empty payload rarely),
    /// inbox pages, unread counts and mark-reads of known and unknown ids.
    public func draw(_ generator: inout SeededGenerator, in state: NotificationModel.State) -> NotificationOperation {
        let user = users[Int(generator.next() % UInt64(users.count))]
        let ids = state.ids(of: user)
        switch Int(generator.next() % 100) {
        case ..<40:
            let payload = drawsBadInput && generator.next() % 25 == 0 ? "" : "p\(generator.next() % 1_000)"
            return .send(OutgoingNotification(recipient: user, payload: payload, idempotencyKey: keys[Int(generator.next() % UInt64(keys.count))]))
        case ..<60:
            let before = ids.isEmpty || generator.next() % 2 == 0 ? nil : ids[Int(generator.next() % UInt64(ids.count))]
            return .inbox(user, limit: drawsBadInput && generator.next() % 20 == 0 ? 0 : 1 + Int(generator.next() % 4), before: before)
        case ..<75:
            return .unread(user)
        default:
            let unknown = (ids.last ?? 0) + 1 + generator.next() % 5
            let id = ids.isEmpty || generator.next() % 5 == 0 ? unknown : ids[Int(generator.next() % UInt64(ids.count))]
            return .markRead(user, id: id)
        }
    }

    /// Operations that reveal every inbox of the pool whole: each page in full and its unread count.
    public var observation: [NotificationOperation] {
        users.flatMap { [.inbox($0, limit: NotificationLimits.maxPageSize, before: nil), .unread($0)] }
    }
}
