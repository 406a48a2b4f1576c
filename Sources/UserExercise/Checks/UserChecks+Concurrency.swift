import ExerciseKit
import ScaleCore

extension UserChecks {
    static let linearizableUnderConcurrency = Check<any UserService>(
        "linearizable-under-concurrency",
        "4 clients race over jittery links, 10 rounds (on 3 users and 3 emails, then on 1 user and 3 emails): some order of the calls, each within its own time span, explains every answer (whole-history linearizability)"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any UserService>.jitteryNetwork)
        let log = OperationLog<UserOperation, UserOutcome>()
        // Odd rounds put every client on one user: concurrent email changes of the same user.
        // Drawn without the state (it is what the race decides): updates take a pool email.
        let pool: @Sendable (Int) -> UserKeyPool = { round in UserKeyPool(round: round, size: 3, idCount: round % 2 == 0 ? 3 : 1) }
        try await log.recordConcurrentRounds(
            context, rounds: 10, clients: 4, operationsPerClient: 25,
            draw: { round, generator in pool(round).draw(&generator, in: UserModel.State()) },
            observation: { round in pool(round).blindObservation },
            run: { operation in try await operation.run(on: service) }
        )
        try context.requireLinearizable(log, model: UserModel(allowsConflicts: true, stepwiseWrites: true))
    }

    static let reshardLosesNothing = Check<any UserService>(
        "reshard-loses-nothing",
        "while a shard is added, concurrent reads, updates, creates and deletes stay linearizable: every user stays readable and no acknowledged write is lost"
    ) { context in
        let service = try await context.makeService(network: CheckContext<any UserService>.jitteryNetwork)
        let users = sampleUsers(count: 200)
        for user in users { try await service.createUser(user) }
        let initial = UserModel.State(users: Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) }))
        let log = OperationLog<UserOperation, UserOutcome>()
        let resharding = Locked(true)
        let created = Locked<[User]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 1...3 {
                group.addTask {
                    var generator = context.generator(stream: client)
                    var count = 0
                    // A few operations at least, then as many as the reshard takes (bounded).
                    while count < 40 || (resharding.value && count < 5_000) {
                        var user = users[Int(generator.next() % UInt64(users.count))]
                        let operation: UserOperation
                        switch generator.next() % 10 {
                        case ..<6: operation = .get(user.id)
                        case ..<9:
                            user.name = "c\(client)-\(count)"
                            operation = .update(user)
                        default: operation = .find(user.email)
                        }
                        try await log.record(client: client, operation) { try await operation.run(on: service) }
                        count += 1
                    }
                }
            }
            group.addTask {
                var count = 0
                while count < 12 || (resharding.value && count < 1_000) {
                    let user = User(id: 50_000_000 &+ UInt64(count) &* 7_919, email: "new\(count)@example.com", name: "New \(count)")
                    created.withLock { $0.append(user) }
                    try await log.record(client: 4, .create(user)) { try await UserOperation.create(user).run(on: service) }
                    if count % 3 == 0 {
                        try await log.record(client: 4, .delete(user.id)) { try await UserOperation.delete(user.id).run(on: service) }
                    }
                    count += 1
                }
            }
            group.addTask {
                defer { resharding.withLock { $0 = false } }
                do {
                    try await service.addShard()
                } catch let error as UserServiceError where error.code == .unsupported {
                    throw NotApplicable("this design cannot add shards (\(error.detail))")
                }
            }
            try await group.waitForAll()
        }
        // Afterwards every user, loaded or created, by id and by email.
        for user in users + created.value {
            for operation in [UserOperation.get(user.id), .find(user.email)] {
                try await log.record(client: 0, operation) { try await operation.run(on: service) }
            }
        }
        try context.requireLinearizable(log, model: UserModel(allowsConflicts: true, stepwiseWrites: true), from: initial)
    }
}
