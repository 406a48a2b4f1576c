import ExerciseKit
import ScaleCore

/// The starting monolith: every user on node 0. One transaction checks the email and writes
/// the row, so uniqueness is just a constraint, and an email lookup is one indexed query.
public final class SingleNodeUserService: UserService {
    let cluster: Cluster
    let nodeID = NodeID(0)

    public init(cluster: Cluster) {
        self.cluster = cluster
    }

    public func createUser(_ user: User) async throws {
        try await cluster.call(nodeID, kind: .userCreate) { node in
            try node.write { connection in
                guard try connection.run("INSERT INTO emails(email, user_id) VALUES (?, ?) ON CONFLICT(email) DO NOTHING", user.email, Int64(bitPattern: user.id)) == 1 else {
                    throw UserServiceError.duplicateEmail(user.email)
                }
                guard try UserRows.insert(user, on: connection) else { throw UserServiceError.duplicateID(user.id) }
            }
        }
    }

    public func getUser(id: UInt64) async throws -> User? {
        try await cluster.call(nodeID, kind: .userGet) { node in try node.read { try UserRows.user(id: id, on: $0) } }
    }

    public func updateUser(_ user: User) async throws {
        try await cluster.call(nodeID, kind: .userUpdate) { node in
            try node.write { connection in
                guard let current = try UserRows.user(id: user.id, on: connection) else { throw UserServiceError.notFound(user.id) }
                if current.email != user.email {
                    guard try connection.run("INSERT INTO emails(email, user_id) VALUES (?, ?) ON CONFLICT(email) DO NOTHING", user.email, Int64(bitPattern: user.id)) == 1 else {
                        throw UserServiceError.duplicateEmail(user.email)
                    }
                    try connection.run("DELETE FROM emails WHERE email = ?", current.email)
                }
                try UserRows.update(user, on: connection)
            }
        }
    }

    public func deleteUser(id: UInt64) async throws -> Bool {
        try await cluster.call(nodeID, kind: .userDelete) { node in
            try node.write { connection in
                guard let current = try UserRows.user(id: id, on: connection) else { return false }
                try connection.run("DELETE FROM users WHERE id = ?", Int64(bitPattern: id))
                try connection.run("DELETE FROM emails WHERE email = ?", current.email)
                return true
            }
        }
    }

    public func findUser(email: String) async throws -> User? {
        try await cluster.call(nodeID, kind: .userFindByEmail) { node in try node.read { try UserRows.user(email: email, on: $0) } }
    }

    public func addShard() async throws {
        throw UserServiceError(.unsupported, "a single node has no shards to add; use a sharded design")
    }
}
