import ExerciseKit
import LoadGenerator
import ScaleCore

/// The UserService workloads. Key `k` is user `k` with email `user<k>@example.com`.
public enum UserScenarios {
    /// The user a key stands for, as loaded by every scenario's `prepare`.
    public static func user(_ key: UInt64, name: String = "") -> User {
        User(id: key, email: email(key), name: name.isEmpty ? "User \(key)" : name, profile: ["plan": "free"])
    }

    /// The email of key `k`.
    public static func email(_ key: UInt64) -> String { "user\(key)@example.com" }

    public static let all: [Scenario<any UserService>] = [readHeavy, getByID, writeHeavy, emailLookup, hotUser, signups, reshard].map { scenario in
        var scenario = scenario
        scenario.loadedKeySample = loadedKeySample
        return scenario
    }

    /// Ids and emails of up to 1,024 evenly spaced users of `0..<keyCount`: where a range
    /// partitioner pre-splits (sign-ups, numbered from `keyCount`, then all land in the last id range).
    static let loadedKeySample: @Sendable (UInt64) -> [[PartitionKey]] = { keyCount in
        let keys = Array(stride(from: UInt64(0), to: keyCount, by: Int(max(1, keyCount / 1_024))))
        return [keys.map { PartitionKey($0) }, keys.map { PartitionKey(email($0)) }]
    }

    static let loadUsers: @Sendable (any UserService, ScenarioRun) async throws -> Void = { service, run in
        try await ConcurrentLoader.load(count: run.keyCount) { key in try await service.createUser(user(key)) }
    }

    static let getOrUpdate: @Sendable (any UserService, LoadOperation, ScenarioRun) async throws -> Void = { service, operation, _ in
        if operation.kindIndex == 0 {
            _ = try await service.getUser(id: operation.key)
        } else {
            try await service.updateUser(user(operation.key, name: "Renamed \(operation.valueSizeBytes)"))
        }
    }

    static let getByID = Scenario<any UserService>(
        name: "get-by-id", summary: "100% getUser: the read path alone, against the floor's same lookup",
        mix: .single("get"),
        prepare: loadUsers, perform: getOrUpdate
    )

    static let readHeavy = Scenario<any UserService>(
        name: "read-heavy", summary: "95% getUser, 5% updateUser (profile reads dominate)",
        mix: OperationMix([.init(name: "get", weight: 95), .init(name: "update", weight: 5)]),
        prepare: loadUsers, perform: getOrUpdate
    )

    static let writeHeavy = Scenario<any UserService>(
        name: "write-heavy", summary: "50% getUser, 50% updateUser (YCSB A)",
        mix: OperationMix([.init(name: "get", weight: 50), .init(name: "update", weight: 50)]),
        prepare: loadUsers, perform: getOrUpdate
    )

    static let emailLookup = Scenario<any UserService>(
        name: "email-lookup", summary: "100% findUser(email): the login path; scatter-gather vs global index",
        mix: .single("find-by-email"),
        prepare: loadUsers,
        perform: { service, operation, _ in _ = try await service.findUser(email: email(operation.key)) }
    )

    static let hotUser = Scenario<any UserService>(
        name: "hot-user", summary: "read-heavy on a zipfian key distribution: a few users get most reads",
        mix: OperationMix([.init(name: "get", weight: 95), .init(name: "update", weight: 5)]),
        keyDistribution: .zipfian(theta: KeyDistributionSpec.defaultTheta),
        prepare: loadUsers, perform: getOrUpdate
    )

    static let signups = Scenario<any UserService>(
        name: "signups", summary: "100% createUser with sequential new ids (the range-sharding hotspot)",
        mix: .single("signup"),
        prepare: { _, _ in },
        perform: { service, _, run in try await service.createUser(user(run.nextSequenceNumber())) }
    )

    static let reshard = Scenario<any UserService>(
        name: "reshard", summary: "read-heavy while a shard is added after 1 s: keys moved, time taken, errors",
        mix: OperationMix([.init(name: "get", weight: 95), .init(name: "update", weight: 5)]),
        prepare: loadUsers, perform: getOrUpdate,
        duringLoad: { service, cluster in
            try await ReshardProbe.addShard(service, cluster: cluster, afterNanos: 1_000_000_000)
        },
        metrics: [
            TargetMetric("keysMoved", label: "keys moved", unit: .count, polarity: .prefersSmaller),
            TargetMetric("keysMovedFraction", label: "moved %", unit: .fraction, polarity: .prefersSmaller),
            TargetMetric("reshardMillis", label: "reshard", unit: .milliseconds, polarity: .prefersSmaller),
        ]
    )
}
