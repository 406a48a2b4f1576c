import ExerciseKit

/// The specification of inboxes: what each call answers and leaves behind. Ids are the
/// service's choice; the model learns each one from the send that returned it and requires it to
/// be larger than every earlier id of that recipient.
public struct NotificationModel: SpecificationModel {
    public struct Entry: Sendable, Hashable {
        public var id: UInt64
        public var payload: String
        public var key: String
        public var isRead: Bool
    }

    public struct State: Sendable, Hashable, CustomStringConvertible {
        /// Each recipient's notifications in send order (so in increasing id order).
        public var inboxes: [UInt64: [Entry]] = [:]

        public var description: String {
            let users = inboxes.keys.sorted().map { user in
                "\(user): [\(inboxes[user]!.map { "#\($0.id) '\($0.payload)'\($0.isRead ? " read" : "")" }.joined(separator: ", "))]"
            }
            return users.isEmpty ? "no notifications" : users.joined(separator: "; ")
        }

        /// `user`'s ids, oldest first.
        public func ids(of user: UInt64) -> [UInt64] { inboxes[user, default: []].map(\.id) }
    }

    public init() {}

    public var initialState: State { State() }

    public func apply(_ input: NotificationOperation, to state: State) -> (output: NotificationOutcome, state: State) {
        switch input {
        case .send(let notification):
            if let refusal = Self.refusal(notification) { return (.refused(refusal), state) }
            let entries = state.inboxes[notification.recipient, default: []]
            if let existing = entries.first(where: { $0.key == notification.idempotencyKey }) { return (.sent(existing.id), state) }
            return accepting(notification, id: (entries.last?.id ?? 0) + 1, in: state)
        case .inbox(let user, let limit, let before):
            guard (1...NotificationLimits.maxPageSize).contains(limit) else { return (.refused(.invalidLimit), state) }
            let page = state.inboxes[user, default: []].reversed().filter { before == nil || $0.id < before! }.prefix(limit)
            return (.page(page.map { InboxEntry(id: $0.id, payload: $0.payload, isRead: $0.isRead) }), state)
        case .unread(let user):
            return (.count(state.inboxes[user, default: []].count { !$0.isRead }), state)
        case .markRead(let user, let id):
            guard let index = state.inboxes[user, default: []].firstIndex(where: { $0.id == id }) else { return (.refused(.notFound), state) }
            var next = state
            next.inboxes[user]![index].isRead = true
            return (.done, next)
        }
    }

    /// A new send may get any id larger than the recipient's earlier ones.
    public func accept(_ input: NotificationOperation, observed: NotificationOutcome, in state: State) -> [State] {
        guard case .send(let notification) = input, Self.refusal(notification) == nil,
              !state.inboxes[notification.recipient, default: []].contains(where: { $0.key == notification.idempotencyKey }),
              case .sent(let id) = observed
        else {
            let (expected, next) = apply(input, to: state)
            return expected == observed ? [next] : []
        }
        guard id > state.inboxes[notification.recipient, default: []].last?.id ?? 0 else { return [] }
        return [accepting(notification, id: id, in: state).state]
    }

    public func keys(of input: NotificationOperation) -> [String] {
        switch input {
        case .send(let notification): ["user:\(notification.recipient)"]
        case .inbox(let user, _, _), .unread(let user), .markRead(let user, _): ["user:\(user)"]
        }
    }

    private func accepting(_ notification: OutgoingNotification, id: UInt64, in state: State) -> (output: NotificationOutcome, state: State) {
        var next = state
        next.inboxes[notification.recipient, default: []].append(Entry(id: id, payload: notification.payload, key: notification.idempotencyKey, isRead: false))
        return (.sent(id), next)
    }

    private static func refusal(_ notification: OutgoingNotification) -> NotificationServiceError.Code? {
        do {
            try NotificationServiceError.validate(notification)
            return nil
        } catch {
            return (error as? NotificationServiceError)?.code
        }
    }
}
