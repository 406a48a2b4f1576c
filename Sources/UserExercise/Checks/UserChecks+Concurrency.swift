import ExerciseKit
import ScaleCore

extension UserChecks {
    static let reshardKeepsUsersReadable = Check<any UserService>(
        "reshard-keeps-users-readable",
        "while a shard is added under load every user stays readable, and afterwards all are still there"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let users = sampleUsers(count: 300)
        for user in users { try await service.createUser(user) }
        let resharding = SharedState(true)
        let failures = SharedState<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 1...3 {
                group.addTask {
                    var generator = context.generator(stream: client)
                    var reads = 0
                    // At least a few reads per client, then as many as the reshard takes (bounded).
                    while reads < 50 || (resharding.value && reads < 200_000) {
                        let user = users[Int(generator.next() % UInt64(users.count))]
                        let read = try await service.getUser(id: user.id)
                        if read != user {
                            failures.withLock { $0.append("client \(client): getUser(\(user.id)) returned \(read.map { "\($0)" } ?? "nil") during the reshard") }
                            return
                        }
                        reads += 1
                    }
                }
            }
            group.addTask {
                defer { resharding.withLock { $0 = false } }
                do {
                    try await history.record(client: 0, "addShard") { try await service.addShard() }
                } catch let error as UserServiceError where error.code == .unsupported {
                    throw NotApplicable("this design cannot add shards (\(error.detail))")
                }
            }
            try await group.waitForAll()
        }
        if let first = failures.value.first { throw CheckFailure(first) }
        for user in users {
            let read = try await service.getUser(id: user.id)
            try context.require(read == user, "after the reshard getUser(\(user.id)) returned \(read.map { "\($0)" } ?? "nil")")
            let found = try await service.findUser(email: user.email)
            try context.require(found == user, "after the reshard findUser(\(user.email)) returned \(found.map { "\($0)" } ?? "nil")")
        }
    }

    static let perKeyHistoryConsistent = Check<any UserService>(
        "per-key-history-consistent",
        "under concurrent clients a read never returns a value older than the last acknowledged write to that user"
    ) { context in
        let service = try await context.makeService()
        let history = context.history
        let keys = sampleUsers(count: 8, idBase: 100)
        for user in keys { try await service.createUser(user) }
        // Per key: the highest version any client has started writing, and the highest acknowledged.
        let started = SharedState<[Int]>(Array(repeating: 0, count: keys.count))
        let acknowledged = SharedState<[Int]>(Array(repeating: 0, count: keys.count))
        let violation = SharedState<(id: UInt64, reason: String)?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 1...4 {
                group.addTask {
                    var generator = context.generator(stream: client)
                    for _ in 0..<120 {
                        let slot = Int(generator.next() % UInt64(keys.count))
                        if generator.next() % 3 == 0 {
                            let version = started.withLock { $0[slot] += 1; return $0[slot] }
                            var user = keys[slot]
                            user.name = "v\(version)"
                            let write = user
                            try await history.record(client: client, "updateUser", "\(write)") { try await service.updateUser(write) }
                            acknowledged.withLock { $0[slot] = max($0[slot], version) }
                        } else {
                            let floor = acknowledged.withLock { $0[slot] }
                            let id = keys[slot].id
                            let read = try await history.record(client: client, "getUser", "\(id)") { try await service.getUser(id: id) }
                            let ceiling = started.withLock { $0[slot] }
                            let version = read.flatMap { $0.name.hasPrefix("v") ? Int($0.name.dropFirst()) : 0 } ?? -1
                            if version < floor || version > ceiling {
                                let reason = "getUser(\(id)) by client \(client) returned \(read.map { "\($0)" } ?? "nil") (version \(version)), but version \(floor) was already acknowledged when the read began (writes started up to v\(ceiling))"
                                violation.withLock { if $0 == nil { $0 = (id, reason) } }
                                return
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        if let (id, reason) = violation.value {
            // The operations on the offending user are the proof.
            let onThatUser = history.snapshot.filter { $0.arguments == "\(id)" || $0.arguments.hasPrefix("User(\(id),") }
            throw CheckFailure(reason, evidence: Array(onThatUser.suffix(CheckRunner.historyTailCount)))
        }
    }
}
