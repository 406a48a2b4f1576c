import ExerciseKit
import ScaleCore
import UserExercise

/// The placement a learner writes first: user rows on node `hash(id) % shardCount`, email
/// reservations on node `hash(email) % shardCount`, every access one `cluster.call`.
final class NaiveShards: Sendable {
    let cluster: Cluster
    // Guarded by its lock: a reshard changes it while clients route by it.
    private let shardCountState: Locked<Int>

    init(cluster: Cluster) {
        self.cluster = cluster
        shardCountState = Locked(cluster.configuration.shardCount)
    }

    /// How many nodes keys are spread over right now.
    var shardCount: Int {
        get { shardCountState.value }
        set { shardCountState.withLock { $0 = newValue } }
    }

    static func node(ofUser id: UInt64, shardCount: Int) -> NodeID {
        NodeID(Int(StableHash.hash(id) % UInt64(shardCount)))
    }

    static func node(ofEmail email: String, shardCount: Int) -> NodeID {
        NodeID(Int(StableHash.hash(email) % UInt64(shardCount)))
    }

    /// Where a row with primary key `key` lives: users by integer id, email reservations by email.
    static func node(ofKey key: SQLValue, shardCount: Int) -> NodeID? {
        switch key {
        case .integer(let id): node(ofUser: UInt64(bitPattern: id), shardCount: shardCount)
        case .text(let email): node(ofEmail: email, shardCount: shardCount)
        default: nil
        }
    }

    /// Provisions the node for shard `shardCount` (not yet routed to): the current count and the new node.
    func addNextNode() throws -> (oldCount: Int, added: NodeID) {
        let oldCount = shardCount
        let added = try cluster.addNode()
        guard added.rawValue == oldCount else {
            throw UserServiceError(.unsupported, "expected the new node to be node \(oldCount), got \(added)")
        }
        return (oldCount, added)
    }

    func node(ofUser id: UInt64) -> NodeID { Self.node(ofUser: id, shardCount: shardCount) }
    func node(ofEmail email: String) -> NodeID { Self.node(ofEmail: email, shardCount: shardCount) }

    /// Runs `body` on a read connection of `node`.
    func read<T: Sendable>(_ node: NodeID, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await cluster.call(node) { storage in try storage.read { try body($0) } }
    }

    /// Runs `body` in a write transaction on `node`.
    func write<T: Sendable>(_ node: NodeID, _ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await cluster.call(node) { storage in try storage.write { try body($0) } }
    }

    /// Asks every node in turn (scatter-gather) and returns all their answers.
    func everyNode<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> [T]) async throws -> [T] {
        var all: [T] = []
        for index in 0..<shardCount { all += try await read(NodeID(index), body) }
        return all
    }
}

/// The SQL the naive designs share.
enum NaiveRows {
    static func user(id: UInt64, on connection: SQLiteConnection) throws -> User? {
        try connection.queryOne("SELECT \(UserSchema.userColumns) FROM users WHERE id = ?", Int64(bitPattern: id), row: UserSchema.user(from:))
    }

    static func users(email: String, on connection: SQLiteConnection) throws -> [User] {
        try connection.query("SELECT \(UserSchema.userColumns) FROM users WHERE email = ?", email, row: UserSchema.user(from:))
    }

    /// True when the row was inserted, false when the id exists.
    static func insert(_ user: User, on connection: SQLiteConnection) throws -> Bool {
        try connection.run(
            "INSERT INTO users(id, email, name, profile) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            Int64(bitPattern: user.id), user.email, user.name, UserSchema.encodeProfile(user.profile)
        ) == 1
    }

    /// Rows changed: 0 when the user does not exist.
    static func update(_ user: User, on connection: SQLiteConnection) throws -> Int {
        try connection.run(
            "UPDATE users SET email = ?, name = ?, profile = ? WHERE id = ?",
            user.email, user.name, UserSchema.encodeProfile(user.profile), Int64(bitPattern: user.id)
        )
    }

    /// True when a row was deleted.
    static func delete(id: UInt64, on connection: SQLiteConnection) throws -> Bool {
        try connection.run("DELETE FROM users WHERE id = ?", Int64(bitPattern: id)) == 1
    }
}
