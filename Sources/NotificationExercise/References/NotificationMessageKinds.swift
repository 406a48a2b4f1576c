import ScaleCore

extension MessageKind {
    static let notificationSend = MessageKind("notification.send")
    static let notificationInbox = MessageKind("notification.inbox")
    static let notificationUnread = MessageKind("notification.unread")
    static let notificationMarkRead = MessageKind("notification.mark-read")
    static let notificationFollow = MessageKind("notification.follow")
    static let notificationFanOut = MessageKind("notification.fan-out")
}
