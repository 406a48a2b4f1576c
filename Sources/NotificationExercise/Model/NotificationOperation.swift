import ExerciseKit
import ScaleCore

/// One NotificationService call, as checks draw, run and record it.
public enum NotificationOperation: Sendable, Hashable, CustomStringConvertible {
    case send(OutgoingNotification)
    case inbox(UInt64, limit: Int, before: UInt64?)
    case unread(UInt64)
    case markRead(UInt64, id: UInt64)

    public var description: String {
        switch self {
        case .send(let notification): "send(\(notification))"
        case .inbox(let user, let limit, let before): "inbox(of: \(user), limit: \(limit)\(before.map { ", before: \($0)" } ?? ""))"
        case .unread(let user): "unreadCount(of: \(user))"
        case .markRead(let user, let id): "markRead(\(id), of: \(user))"
        }
    }

    /// Runs the call on `service` in `session`: refusals become `.refused`, other errors `.failed`;
    /// only an unwritten stub method (`Unimplemented`) escapes.
    public func run(on service: any NotificationService, session: ClusterSession? = nil) async throws -> NotificationOutcome {
        do {
            switch self {
            case .send(let notification):
                return .sent(try await service.send(notification, session: session))
            case .inbox(let user, let limit, let before):
                return .page(try await service.inbox(of: user, limit: limit, before: before, session: session))
            case .unread(let user):
                return .count(try await service.unreadCount(of: user, session: session))
            case .markRead(let user, let id):
                try await service.markRead(id, of: user, session: session)
                return .done
            }
        } catch let error as NotificationServiceError {
            return .refused(error.code)
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            return .failed("\(error)")
        }
    }
}

/// What a call answered.
public enum NotificationOutcome: Sendable, Hashable, CustomStringConvertible {
    case sent(UInt64)
    case page([InboxEntry])
    case count(Int)
    case done
    case refused(NotificationServiceError.Code)
    /// Any other error: never allowed.
    case failed(String)

    public var description: String {
        switch self {
        case .sent(let id): "id \(id)"
        case .page(let entries): entries.isEmpty ? "[]" : "[\(entries.map(\.description).joined(separator: ", "))]"
        case .count(let count): "\(count)"
        case .done: "ok"
        case .refused(let code): "refused \(code.rawValue)"
        case .failed(let message): "error: \(message)"
        }
    }
}
