import ExerciseKit

extension UserChecks {
    static let createThenGet = Check<any UserService>(
        "create-then-get",
        "every created user reads back unchanged; unknown ids read as nil; a second create with the same id is refused"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let users = sampleUsers(count: 40)
        for user in users {
            try await history.record(client: 0, "createUser", "\(user)") { try await service.createUser(user) }
        }
        for user in users {
            let read = try await history.record(client: 0, "getUser", "\(user.id)") { try await service.getUser(id: user.id) }
            try context.require(read == user, "getUser(\(user.id)) returned \(read.map { "\($0)" } ?? "nil"), expected \(user)")
        }
        let missing = try await history.record(client: 0, "getUser", "424242") { try await service.getUser(id: 424_242) }
        try context.require(missing == nil, "getUser(424242) found \(missing!) but no such user was created")
        var clash = users[0]
        clash.email = "other@example.com"
        try await context.expectRefusal(.duplicateID, "creating user \(clash.id) twice") {
            try await history.record(client: 0, "createUser", "\(clash)") { try await service.createUser(clash) }
        }
    }

    static let updateAndDelete = Check<any UserService>(
        "update-and-delete",
        "updates replace name and profile; deleted users disappear and free their email; missing users are refused"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let users = sampleUsers(count: 20)
        for user in users { try await service.createUser(user) }
        for var user in users {
            user.name += " (renamed)"
            user.profile["bio"] = "updated"
            let updated = user
            try await history.record(client: 0, "updateUser", "\(updated)") { try await service.updateUser(updated) }
            let read = try await history.record(client: 0, "getUser", "\(user.id)") { try await service.getUser(id: user.id) }
            try context.require(read == updated, "after updateUser, getUser(\(user.id)) returned \(read.map { "\($0)" } ?? "nil")")
        }
        for user in users.prefix(10) {
            let deleted = try await history.record(client: 0, "deleteUser", "\(user.id)") { try await service.deleteUser(id: user.id) }
            try context.require(deleted, "deleteUser(\(user.id)) returned false for an existing user")
            let read = try await history.record(client: 0, "getUser", "\(user.id)") { try await service.getUser(id: user.id) }
            try context.require(read == nil, "user \(user.id) still readable after deleteUser")
            let byEmail = try await history.record(client: 0, "findUser", user.email) { try await service.findUser(email: user.email) }
            try context.require(byEmail == nil, "findUser(\(user.email)) still finds deleted user \(user.id)")
            let again = try await service.deleteUser(id: user.id)
            try context.require(!again, "deleteUser(\(user.id)) returned true for a user already deleted")
        }
        let reuse = User(id: 999_983, email: users[0].email, name: "Reuser")
        try await context.expectFree(reuse, "the email of deleted user \(users[0].id)") {
            try await history.record(client: 0, "createUser", "\(reuse)") { try await service.createUser(reuse) }
        }
        let ghost = User(id: 31_337, email: "ghost@example.com", name: "Ghost")
        try await context.expectRefusal(.notFound, "updating a user that does not exist") {
            try await history.record(client: 0, "updateUser", "\(ghost)") { try await service.updateUser(ghost) }
        }
        let ghostRead = try await service.getUser(id: ghost.id)
        try context.require(ghostRead == nil, "updateUser of a missing user created it: \(ghostRead!)")
    }

    static let findByEmailAfterChange = Check<any UserService>(
        "find-by-email-after-change",
        "right after an email change the old email finds nothing and the new one finds the user"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let users = sampleUsers(count: 24)
        for user in users { try await service.createUser(user) }
        for var user in users {
            let found = try await history.record(client: 0, "findUser", user.email) { try await service.findUser(email: user.email) }
            try context.require(found == user, "findUser(\(user.email)) returned \(found.map { "\($0)" } ?? "nil"), expected \(user)")
            let oldEmail = user.email
            user.email = "changed.\(user.id)@example.org"
            let updated = user
            try await history.record(client: 0, "updateUser", "\(updated)") { try await service.updateUser(updated) }
            let old = try await history.record(client: 0, "findUser", oldEmail) { try await service.findUser(email: oldEmail) }
            try context.require(old == nil, "findUser(\(oldEmail)) still finds \(old!) after its email changed to \(updated.email)")
            let new = try await history.record(client: 0, "findUser", updated.email) { try await service.findUser(email: updated.email) }
            try context.require(new == updated, "findUser(\(updated.email)) returned \(new.map { "\($0)" } ?? "nil") right after the change")
        }
        // The freed email is usable again, by a user that may live on another shard.
        let taker = User(id: 77_777_777, email: users[0].email, name: "Taker")
        try await context.expectFree(taker, "user \(users[0].id)'s old email") {
            try await history.record(client: 0, "createUser", "\(taker)") { try await service.createUser(taker) }
        }
    }
}
