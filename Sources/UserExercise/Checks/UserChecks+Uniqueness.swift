import ExerciseKit
import ScaleCore

extension UserChecks {
    static let duplicateEmailRefused = Check<any UserService>(
        "duplicate-email-refused",
        "a second user with a taken email is refused, also when the two users live on different shards"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let users = sampleUsers(count: 32)
        for user in users { try await service.createUser(user) }
        for (index, user) in users.enumerated() {
            // Ids far apart from the owner's so that, with several shards, most pairs are split.
            let copycat = User(id: 5_000_000 &+ UInt64(index) &* 104_729, email: user.email, name: "Copycat")
            try await context.expectRefusal(.duplicateEmail, "creating \(copycat) whose email belongs to user \(user.id)") {
                try await history.record(client: 0, "createUser", "\(copycat)") { try await service.createUser(copycat) }
            }
            let stored = try await service.getUser(id: copycat.id)
            try context.require(stored == nil, "refused user \(copycat.id) was stored anyway")
        }
        var mover = users[1]
        mover.email = users[2].email
        let taken = mover
        try await context.expectRefusal(.duplicateEmail, "changing user \(mover.id)'s email to one user \(users[2].id) has") {
            try await history.record(client: 0, "updateUser", "\(taken)") { try await service.updateUser(taken) }
        }
        let owner = try await service.findUser(email: users[2].email)
        try context.require(owner == users[2], "after a refused email change, findUser(\(users[2].email)) returned \(owner.map { "\($0)" } ?? "nil")")
        let unchanged = try await service.getUser(id: users[1].id)
        try context.require(unchanged == users[1], "a refused update still changed user \(users[1].id) to \(unchanged.map { "\($0)" } ?? "nil")")
    }

    static let concurrentDuplicateEmail = Check<any UserService>(
        "concurrent-duplicate-email",
        "of concurrent creates with one email (different ids, different shards) over jittery links exactly one wins"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any UserService>.jitteryNetwork)
        let history = context.history
        let contenders = 4
        for round in 0..<16 {
            let email = "contested\(round)@example.com"
            let ids = (0..<contenders).map { 9_000_000 &+ UInt64(round) &* 1_000 &+ UInt64($0) &* 250_007 }
            let winners = Locked<[UInt64]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, id) in ids.enumerated() {
                    group.addTask {
                        let user = User(id: id, email: email, name: "Contender \(client)")
                        do {
                            try await history.record(client: client, "createUser", "\(user)") { try await service.createUser(user) }
                            winners.withLock { $0.append(id) }
                        } catch let error as UserServiceError where error.code == .duplicateEmail {
                            return
                        }
                    }
                }
                try await group.waitForAll()
            }
            let won = winners.value
            try context.require(won.count == 1, "\(won.count) of \(contenders) concurrent creates with email \(email) succeeded (ids \(won)); exactly one must")
            let found = try await history.record(client: 0, "findUser", email) { try await service.findUser(email: email) }
            try context.require(found?.id == won[0], "findUser(\(email)) returned \(found.map { "\($0)" } ?? "nil"), but user \(won[0]) won the email")
            for id in ids where id != won[0] {
                let loser = try await service.getUser(id: id)
                try context.require(loser == nil, "user \(id) lost the race for \(email) but was stored: \(loser!)")
            }
        }
    }
}
