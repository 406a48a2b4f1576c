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
        let resharding = Locked(true)
        let failures = Locked<[String]>([])
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
                        // Reads that never suspend would keep the reshard task off the cooperative threads.
                        await Task.yield()
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
        // Per key, every write's version with its invocation and completion time (version 0 = the
        // loaded user). A read may return any write not yet superseded when the read began: a
        // write is superseded once another write began after it completed and itself completed.
        let writes = Locked<[[WriteSpan]]>(Array(repeating: [WriteSpan(invokedNanos: 0, completedNanos: 0)], count: keys.count))
        let violation = Locked<(id: UInt64, reason: String)?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 1...4 {
                group.addTask {
                    var generator = context.generator(stream: client)
                    for _ in 0..<120 {
                        let slot = Int(generator.next() % UInt64(keys.count))
                        let id = keys[slot].id
                        if generator.next() % 3 == 0 {
                            let version = writes.withLock { spans in
                                spans[slot].append(WriteSpan(invokedNanos: MonotonicClock.nowNanos(), completedNanos: nil))
                                return spans[slot].count - 1
                            }
                            var user = keys[slot]
                            user.name = "v\(version)"
                            let write = user
                            try await history.record(client: client, "updateUser", "\(write)") { try await service.updateUser(write) }
                            let now = MonotonicClock.nowNanos()
                            writes.withLock { $0[slot][version].completedNanos = now }
                        } else {
                            let readStartNanos = MonotonicClock.nowNanos()
                            let read = try await history.record(client: client, "getUser", "\(id)") { try await service.getUser(id: id) }
                            let version = read.flatMap { $0.name.hasPrefix("v") ? Int($0.name.dropFirst()) : 0 } ?? -1
                            let spans = writes.withLock { $0[slot] }
                            if let reason = staleness(version: version, of: spans, readStartNanos: readStartNanos) {
                                violation.withLock { if $0 == nil { $0 = (id, "getUser(\(id)) by client \(client) returned \(read.map { "\($0)" } ?? "nil"): \(reason)") } }
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

    /// When one write to a user ran, in monotonic nanoseconds; `completedNanos` nil while in flight.
    struct WriteSpan: Sendable {
        var invokedNanos: UInt64
        var completedNanos: UInt64?
    }

    /// Why returning write `version` to a read that began at `readStartNanos` is stale, or nil if it is allowed.
    static func staleness(version: Int, of spans: [WriteSpan], readStartNanos: UInt64) -> String? {
        guard spans.indices.contains(version) else {
            return "version \(version) was never written"
        }
        guard let returnedCompletion = spans[version].completedNanos else { return nil }
        for (newer, span) in spans.enumerated() where span.invokedNanos > returnedCompletion {
            if let completed = span.completedNanos, completed < readStartNanos {
                return "v\(version) was already overwritten by v\(newer), which started after v\(version) was acknowledged and was itself acknowledged before the read began"
            }
        }
        return nil
    }
}
