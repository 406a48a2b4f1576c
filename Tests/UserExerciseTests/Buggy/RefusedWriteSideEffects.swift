import UserExercise

/// Bug: a create refused for a taken id keeps the email it reserved, so that email stays taken by nobody.
struct RefusedCreateKeepsReservationUserService: UserServiceDecorator {
    let base: NaiveShardedUserService

    func createUser(_ user: User) async throws {
        let shards = base.shards
        try await base.reserve(user.email, for: user.id)
        let inserted = try await shards.write(shards.node(ofUser: user.id)) { try NaiveRows.insert(user, on: $0) }
        guard inserted else { throw UserServiceError.duplicateID(user.id) }
    }
}

/// Bug: an update refused for a taken email "undoes its reservation" by freeing that email, which
/// belongs to another user: a third user can then take it.
struct RefusedUpdateFreesEmailUserService: UserServiceDecorator {
    let base: NaiveShardedUserService

    func updateUser(_ user: User) async throws {
        do {
            try await base.updateUser(user)
        } catch let error as UserServiceError where error.code == .duplicateEmail {
            try await base.release(user.email)
            throw error
        }
    }
}
