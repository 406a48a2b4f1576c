import ExerciseKit
import UserExercise

/// A deliberately buggy design and the check that must reject it.
typealias BuggyCase = CheckProof<any UserService>

/// The designs each UserService check is proven by: every check fails against at least one.
enum BuggyUserServices {
    /// The naive design the storage-level bugs start from: right while clients take turns (the
    /// control of the sequential checks), racy together: an email change reads the user, then
    /// writes the row without a compare-and-set, so two changes of one user leak a reservation.
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
            caughtBy: "reshard-loses-nothing", saying: "no order of the concurrent operations explains"
        ),
        BuggyCase(
            onNaive("copy-then-flip", "addShard copies a snapshot, then reroutes: writes in between are lost", CopyThenFlipUserService.init),
            caughtBy: "reshard-loses-nothing", saying: "no order of the concurrent operations explains"
        ),
        BuggyCase(
            onReference("stale-read-cache", "getUser cached by id, never invalidated", StaleReadCacheUserService.init),
            caughtBy: "matches-model", saying: "the specification answers"
        ),
        BuggyCase(
            onReference("stale-read-cache", "getUser cached by id, never invalidated", StaleReadCacheUserService.init),
            caughtBy: "linearizable-under-concurrency", saying: "no order of the concurrent operations explains"
        ),
        BuggyCase(naiveControl, caughtBy: "linearizable-under-concurrency", saying: "no order of the concurrent operations explains"),
        BuggyCase(
            onNaive("refused-create-keeps-reservation", "a create refused for its id keeps the email reserved", RefusedCreateKeepsReservationUserService.init),
            caughtBy: "matches-model", saying: "the specification answers"
        ),
        BuggyCase(
            onNaive("refused-update-frees-email", "an update refused for a taken email frees that email", RefusedUpdateFreesEmailUserService.init),
            caughtBy: "matches-model", saying: "the specification answers"
        ),
        BuggyCase(
            Implementation("in-process", "every user in one in-process dictionary") { _ in InProcessUserService() },
            caughtBy: "stateless-service-tier", saying: "a stateless service tier"
        ),
        BuggyCase(
            onNaive("direct-node-reads", "getUser reads the node's database around the network", DirectNodeReadsUserService.init),
            caughtBy: "stateless-service-tier", saying: "sent no message on the cluster's network"
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
