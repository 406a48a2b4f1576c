import ExerciseKit
import ScaleCore

/// The named properties every NotificationService must have, in the order `scalebench check notification` runs them.
public enum NotificationChecks {
    public static let all: [Check<any NotificationService>] = [
        sendThenInbox,
        idempotentSend,
        markReadTwiceIsHarmless,
        fanOutOncePerFollower,
        badInputRefused,
        matchesModel,
        statelessServiceTier,
        linearizableUnderConcurrency,
        readYourWritesOnReplicas,
        acknowledgedSurvivesFailover,
        pushExactlyOnce,
        noStaleCachedRead,
        readYourWritesThroughCache,
    ]

    /// Recipients spread over the id space, so they land on many shards.
    static func recipients(_ count: Int, base: UInt64 = 1) -> [UInt64] {
        (0..<count).map { base &+ UInt64($0) &* 7_919 }
    }
}

extension CheckContext where Service == any NotificationService {
    /// Runs `operation`, failing the check with `what` unless it answers `expected`.
    func expect(
        _ operation: NotificationOperation, on service: Service, session: ClusterSession? = nil, client: Int = 0, _ expected: NotificationOutcome, _ what: String
    ) async throws -> NotificationOutcome {
        let observed = try await recorded(operation, on: service, session: session, client: client)
        try require(observed == expected, "\(what): \(operation) answered \(observed), expected \(expected)")
        return observed
    }

    /// `user`'s whole inbox, newest first (failing the check on an error).
    func wholeInbox(of user: UInt64, on service: Service, session: ClusterSession? = nil, client: Int = 0) async throws -> [InboxEntry] {
        let outcome = try await recorded(.inbox(user, limit: NotificationLimits.maxPageSize, before: nil), on: service, session: session, client: client)
        guard case .page(let entries) = outcome else { throw CheckFailure("reading \(user)'s inbox answered \(outcome)") }
        return entries
    }

    /// Sends `notification`, failing the check unless it returns an id.
    func sent(_ notification: OutgoingNotification, on service: Service, session: ClusterSession? = nil, client: Int = 0) async throws -> UInt64 {
        let outcome = try await recorded(.send(notification), on: service, session: session, client: client)
        guard case .sent(let id) = outcome else { throw CheckFailure("send(\(notification)) answered \(outcome)") }
        return id
    }
}
