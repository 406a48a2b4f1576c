import ExerciseKit
import ScaleCore

/// Users sharded by id with a partitioner (hash-mod, ring, range, directory); emails made unique
/// by reserving each one on the shard that owns the email, and found by scatter-gather or
/// through that reservation table used as a global secondary index.
///
/// Every shard access crosses the simulated network as one call. Writes are ordered so that a
/// failure part-way never leaves a user without its email reservation, and reads verify what the
/// index says, so a reservation left by a crash is never served.
public final class ShardedUserService: UserService {
    let cluster: Cluster
    let map: ShardMap<AnyPartitioner>
    public let emailLookup: EmailLookup
    /// Rows the mover copies when a shard is added: users by id, reservations by email.
    static let movedTables = [ShardTable("users", keyColumn: "id"), ShardTable("emails", keyColumn: "email")]
    /// Attempts of an update or delete that lost a race with another change to the same user.
    static let maxAttempts = 16
    // One reshard at a time: the mover refuses to start while the map is migrating anyway.
    private let resharding = Locked(false)

    /// Shard `i` lives on the cluster's node `i`.
    public init(cluster: Cluster, partitioner strategy: PartitionStrategy, emailLookup: EmailLookup) throws {
        self.cluster = cluster
        self.emailLookup = emailLookup
        let shards = ShardID.range(cluster.configuration.shardCount)
        let partitioner = try AnyPartitioner(
            strategy, shards: shards, virtualNodeCount: cluster.configuration.virtualNodeCount,
            rangeKeyOrderGroups: cluster.configuration.rangeKeyOrderGroups
        )
        let nodes = Dictionary(uniqueKeysWithValues: shards.map { ($0, cluster.node(NodeID($0.rawValue))) })
        map = try ShardMap(partitioner: partitioner, nodes: nodes)
    }

    public func createUser(_ user: User) async throws {
        try await reserve(user.email, for: user.id)
        let inserted: Bool
        do {
            inserted = try await write(PartitionKey(user.id), kind: .userCreate) { try UserRows.insert(user, on: $0) }
        } catch {
            // The insert may have happened (a lost reply): release only if the row is not there.
            try? await releaseUnlessUsed(user.email, by: user.id)
            throw error
        }
        guard inserted else {
            try await release(user.email, of: user.id)
            throw UserServiceError.duplicateID(user.id)
        }
    }

    public func getUser(id: UInt64) async throws -> User? {
        try await read(PartitionKey(id), kind: .userGet) { try UserRows.user(id: id, on: $0) }
    }

    public func updateUser(_ user: User) async throws {
        // The common case keeps the email: one round trip, checked and written in one transaction.
        switch try await write(PartitionKey(user.id), kind: .userUpdate, { try UserRows.updateKeepingEmail(user, on: $0) }) {
        case .updated: return
        case .notFound: throw UserServiceError.notFound(user.id)
        case .emailDiffers: break
        }
        for _ in 0..<Self.maxAttempts {
            guard let current = try await getUser(id: user.id) else { throw UserServiceError.notFound(user.id) }
            let changesEmail = current.email != user.email
            if changesEmail { try await reserve(user.email, for: user.id) }
            // Compare-and-set on the email: a concurrent email change or delete makes it miss.
            let changed = try await write(PartitionKey(user.id), kind: .userUpdate) { connection in
                try connection.run(
                    "UPDATE users SET email = ?, name = ?, profile = ? WHERE id = ? AND email = ?",
                    user.email, user.name, UserSchema.encodeProfile(user.profile), Int64(bitPattern: user.id), current.email
                )
            }
            if changed == 1 {
                if changesEmail { try await release(current.email, of: user.id) }
                return
            }
            if changesEmail { try await release(user.email, of: user.id) }
        }
        throw UserServiceError(.conflict, "user \(user.id) kept changing under \(Self.maxAttempts) update attempts; retry")
    }

    public func deleteUser(id: UInt64) async throws -> Bool {
        for _ in 0..<Self.maxAttempts {
            guard let current = try await getUser(id: id) else { return false }
            let deleted = try await write(PartitionKey(id), kind: .userDelete) { connection in
                try connection.run("DELETE FROM users WHERE id = ? AND email = ?", Int64(bitPattern: id), current.email)
            }
            if deleted == 1 {
                try await release(current.email, of: id)
                return true
            }
        }
        throw UserServiceError(.conflict, "user \(id) kept changing under \(Self.maxAttempts) delete attempts; retry")
    }

    public func findUser(email: String) async throws -> User? {
        switch emailLookup {
        case .globalIndex: try await findThroughIndex(email)
        case .scatterGather: try await findByScatterGather(email)
        }
    }

    public func addShard() async throws {
        guard resharding.withLock({ busy in
            defer { busy = true }
            return !busy
        }) else {
            throw UserServiceError(.conflict, "a shard is already being added; wait for it to finish")
        }
        defer { resharding.withLock { $0 = false } }
        let nodeID = try cluster.addNode()
        let shard = ShardID(nodeID.rawValue)
        let target = try map.partitioner.adding(shard)
        let mover = try ShardMover(map: map, tables: Self.movedTables)
        try mover.rebalance(to: target, addingNodes: [shard: cluster.node(nodeID)])
    }
}
