import ScaleCore

// Declared once: building a kind from a string literal takes the registry's lock on every call.
extension MessageKind {
    static let createEvent = MessageKind("create-event")
    static let holdSeats = MessageKind("hold")
    static let confirmHold = MessageKind("confirm")
    static let releaseHold = MessageKind("release")
    static let cancelBooking = MessageKind("cancel")
    static let readAvailability = MessageKind("availability")
    static let readEvent = MessageKind("event")
    static let userBookings = MessageKind("bookings")
    static let enterRoom = MessageKind("room-enter")
    static let roomStatus = MessageKind("room-status")
    static let leaveRoom = MessageKind("room-leave")
}
