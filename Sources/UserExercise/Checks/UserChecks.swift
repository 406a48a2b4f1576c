import ExerciseKit

/// The named properties every UserService must have, in the order `scalebench check user` runs them.
public enum UserChecks {
    public static let all: [Check<any UserService>] = [
        createThenGet,
        updateAndDelete,
        duplicateEmailRefused,
        concurrentDuplicateEmail,
        findByEmailAfterChange,
        matchesModel,
        statelessServiceTier,
        linearizableUnderConcurrency,
        reshardLosesNothing,
    ]

    /// Users with ids spread over the id space (so they land on many shards) and unique emails.
    static func sampleUsers(count: Int, idBase: UInt64 = 1, tag: String = "u") -> [User] {
        (0..<count).map { index in
            let id = idBase &+ UInt64(index) &* 7_919
            return User(id: id, email: "\(tag)\(id)@example.com", name: "Name \(id)", profile: ["locale": "en", "n": "\(index)"])
        }
    }
}

extension CheckContext where Service == any UserService {
    /// Requires `body` to throw a `UserServiceError` with `code`.
    func expectRefusal(
        _ code: UserServiceError.Code, _ what: String, _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let error as UserServiceError where error.code == code {
            return
        } catch let unimplemented as Unimplemented {
            throw unimplemented
        } catch {
            throw CheckFailure("\(what): expected a \(code.rawValue) error, got \(error)")
        }
        throw CheckFailure("\(what): expected a \(code.rawValue) error, but the call succeeded")
    }

    /// Requires creating `user` (whose email was freed, as `freed` says) to succeed.
    func expectFree(_ user: User, _ freed: String, _ create: () async throws -> Void) async throws {
        do {
            try await create()
        } catch let error as UserServiceError where error.code == .duplicateEmail {
            throw CheckFailure("\(freed), \(user.email), should be free again, but creating \(user) was refused: \(error)")
        }
    }
}
