/// Exercise 1: "Design a UserService that shards by userId."
///
/// Users are placed by `id`; `email` is unique across every shard, the classic trap of sharding
/// by user id. Every method may be called concurrently from many clients.
public protocol UserService: Sendable {
    /// Stores a new user. Throws `duplicateID` or `duplicateEmail` (even when the user with that
    /// email lives on another shard; of two concurrent creates with one email exactly one wins).
    /// When both apply, either is right. An email held only by a write of this same id still in
    /// flight is not "taken": wait for it, or throw `conflict` (allowed under concurrency, never
    /// when one client works alone) — refusing it as a duplicate would hide leaked reservations.
    func createUser(_ user: User) async throws

    /// The user with `id`, or nil.
    func getUser(id: UInt64) async throws -> User?

    /// Replaces the stored user with the same id, email included. Throws `notFound` or
    /// `duplicateEmail` (or `conflict` when concurrent changes of the same user keep winning).
    /// After it returns, the old email finds nothing and the new one finds the user.
    func updateUser(_ user: User) async throws

    /// Deletes the user; returns false when there was none. Its email becomes free again.
    func deleteUser(id: UInt64) async throws -> Bool

    /// The user whose email is `email`, or nil.
    func findUser(email: String) async throws -> User?

    /// Adds one shard while serving: users move to it and stay readable throughout.
    /// Designs that cannot do this throw `UserServiceError(.unsupported, ...)`.
    func addShard() async throws
}
