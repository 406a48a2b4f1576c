import ScaleCore

/// A few ids and emails that a check's operations draw from: so few that operations collide
/// (duplicate ids and emails, reuse of freed emails, refusals, races on one user).
public struct UserKeyPool: Sendable {
    /// Ids spread over the id space, so they land on different shards.
    public var ids: [UInt64]
    public var emails: [String]
    /// Ids of the probe users that observations create and delete again.
    public var probeIDs: [UInt64]

    /// Pool number `round` (disjoint from every other round's) of `size` ids and emails, or of
    /// `idCount` ids (one: every client on the same user) and `size` emails.
    public init(round: Int, size: Int, idCount: Int? = nil) {
        let base = 1 &+ UInt64(round) &* 1_000_003
        ids = (0..<(idCount ?? size)).map { base &+ UInt64($0) &* 7_919 }
        emails = (0..<size).map { "r\(round)e\($0)@example.com" }
        probeIDs = (0..<size).map { 900_000_000 &+ UInt64(round) &* 1_000 &+ UInt64($0) }
    }

    /// One operation drawn for `state`: creates, updates (keeping the email half the time),
    /// deletes, reads by id and by email.
    public func draw(_ generator: inout SeededGenerator, in state: UserModel.State) -> UserOperation {
        var id = ids[Int(generator.next() % UInt64(ids.count))]
        let existing = state.users.keys.sorted()
        let onExisting = !existing.isEmpty && generator.next() % 4 != 0
        let email = emails[Int(generator.next() % UInt64(emails.count))]
        let name = "n\(generator.next() % 1_000)"
        let profile = generator.next() % 2 == 0 ? [:] : ["plan": generator.next() % 2 == 0 ? "free" : "pro"]
        // Percent bounds of creates, updates, deletes, gets (the rest are finds). On one user mostly
        // email changes: the race between two changes of the same user.
        let bounds = ids.count == 1 ? (create: 15, update: 75, delete: 80, get: 90) : (create: 30, update: 55, delete: 65, get: 80)
        switch Int(generator.next() % 100) {
        case ..<bounds.create:
            return .create(User(id: id, email: email, name: name, profile: profile))
        case ..<bounds.update:
            // Mostly on users that exist, so refused email changes (and their side effects) are common.
            if onExisting { id = existing[Int(generator.next() % UInt64(existing.count))] }
            let kept = generator.next() % 2 == 0 ? state.users[id]?.email : nil
            return .update(User(id: id, email: kept ?? email, name: name, profile: profile))
        case ..<bounds.delete:
            if onExisting { id = existing[Int(generator.next() % UInt64(existing.count))] }
            return .delete(id)
        case ..<bounds.get:
            return .get(id)
        default:
            return .find(email)
        }
    }

    /// Operations that reveal all of `state` on the pool's keys: every id read, every email looked
    /// up and probed (a new user with a taken email must be refused; with a free one it must be
    /// created, then it is deleted again), so a reservation that outlived its user shows.
    public func observation(of state: UserModel.State) -> [UserOperation] {
        var operations = ids.map { UserOperation.get($0) } + emails.map { UserOperation.find($0) }
        for (email, probe) in zip(emails, probeIDs) {
            operations.append(.create(User(id: probe, email: email, name: "probe")))
            if state.holder(of: email) == nil { operations.append(.delete(probe)) }
        }
        return operations
    }

    /// The same without knowing the state (after concurrent clients): every probe is deleted again.
    public var blindObservation: [UserOperation] {
        ids.map { UserOperation.get($0) } + emails.map { UserOperation.find($0) }
            + zip(emails, probeIDs).flatMap { email, probe in [UserOperation.create(User(id: probe, email: email, name: "probe")), .delete(probe)] }
    }
}
