import ExerciseKit
import Testing
import UserExercise

/// A deliberately buggy design and the check that must reject it.
struct BuggyCase: Sendable, CustomTestStringConvertible {
    let implementation: Implementation<any UserService>
    /// The check that must fail against it.
    let check: String
    /// Text the failure's reason must contain: the check caught this bug, not something incidental.
    let reasonFragment: String

    init(_ implementation: Implementation<any UserService>, caughtBy check: String, saying reasonFragment: String) {
        self.implementation = implementation
        self.check = check
        self.reasonFragment = reasonFragment
    }

    var testDescription: String { "\(check) rejects \(implementation.name)" }
}

/// The designs each UserService check is proven by: every check fails against at least one.
enum BuggyUserServices {
    /// The naive design the storage-level bugs start from, without a bug: the control.
    static let naiveControl = Implementation<any UserService>("naive", "hash(id) placement, emails reserved on hash(email)'s node") { naive($0) }

    /// Asks every node whether the email is taken, then inserts: right in turn, racy together.
    static let checkThenInsert = scanning("check-then-insert", "every node asked for the email, then the row inserted", .everyNodeThenInsert)

    static let cases: [BuggyCase] = [
        BuggyCase(
            onReference("profile-dropping", "createUser stores no profile fields", ProfileDroppingUserService.init),
            caughtBy: "create-then-get", saying: "expected User("
        ),
        BuggyCase(
            onReference("upserting-create", "createUser overwrites an existing id", UpsertingCreateUserService.init),
            caughtBy: "create-then-get", saying: "expected a duplicateID error, but the call succeeded"
        ),
        BuggyCase(
            onNaive("email-leaking-delete", "deleteUser keeps the email reserved", EmailLeakingDeleteUserService.init),
            caughtBy: "update-and-delete", saying: "should be free again"
        ),
        BuggyCase(
            onReference("always-true-delete", "deleteUser always returns true", AlwaysTrueDeleteUserService.init),
            caughtBy: "update-and-delete", saying: "returned true for a user already deleted"
        ),
        BuggyCase(
            scanning("own-node-uniqueness", "email uniqueness checked on the user's node only", .ownNode),
            caughtBy: "duplicate-email-refused", saying: "expected a duplicateEmail error, but the call succeeded"
        ),
        BuggyCase(checkThenInsert, caughtBy: "concurrent-duplicate-email", saying: "concurrent creates with email"),
        BuggyCase(
            onReference("stale-email-cache", "findUser cached by email, never invalidated", StaleEmailCacheUserService.init),
            caughtBy: "find-by-email-after-change", saying: "still finds"
        ),
        BuggyCase(
            onNaive("flip-before-copy", "addShard reroutes before copying rows", FlipBeforeCopyUserService.init),
            caughtBy: "reshard-keeps-users-readable", saying: "during the reshard"
        ),
        BuggyCase(
            onReference("stale-read-cache", "getUser cached by id, never invalidated", StaleReadCacheUserService.init),
            caughtBy: "per-key-history-consistent", saying: "was already overwritten by"
        ),
    ]

    static func naive(_ cluster: Cluster) -> NaiveShardedUserService {
        NaiveShardedUserService(shards: NaiveShards(cluster: cluster))
    }

    /// A bug wrapped around the default reference design.
    static func onReference(
        _ name: String, _ summary: String, _ wrap: @escaping @Sendable (ShardedUserService) -> any UserService
    ) -> Implementation<any UserService> {
        Implementation(name, summary) { cluster in
            wrap(try ShardedUserService(cluster: cluster, partitioner: .ring, emailLookup: .globalIndex))
        }
    }

    /// A bug wrapped around the naive design.
    static func onNaive(
        _ name: String, _ summary: String, _ wrap: @escaping @Sendable (NaiveShardedUserService) -> any UserService
    ) -> Implementation<any UserService> {
        Implementation(name, summary) { cluster in wrap(naive(cluster)) }
    }

    static func scanning(_ name: String, _ summary: String, _ scope: EmailScanUserService.Scope) -> Implementation<any UserService> {
        Implementation(name, summary) { cluster in EmailScanUserService(shards: NaiveShards(cluster: cluster), scope: scope) }
    }
}
