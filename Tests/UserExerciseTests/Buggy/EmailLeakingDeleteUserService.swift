import UserExercise

/// Bug: deleteUser removes the user's row but never frees its email reservation.
struct EmailLeakingDeleteUserService: UserServiceDecorator {
    let base: NaiveShardedUserService

    func deleteUser(id: UInt64) async throws -> Bool {
        let shards = base.shards
        return try await shards.write(shards.node(ofUser: id)) { try NaiveRows.delete(id: id, on: $0) }
    }
}
