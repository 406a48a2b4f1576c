/// A user account. `id` decides the shard; `email` must be unique across all shards.
public struct User: Sendable, Hashable, Codable, CustomStringConvertible {
    public var id: UInt64
    public var email: String
    public var name: String
    /// Free-form profile fields (bio, locale, ...).
    public var profile: [String: String]

    public init(id: UInt64, email: String, name: String, profile: [String: String] = [:]) {
        self.id = id
        self.email = email
        self.name = name
        self.profile = profile
    }

    /// The profile is shown too (keys sorted), so a check failure shows which field differs.
    public var description: String {
        guard !profile.isEmpty else { return "User(\(id), \(email), \(name))" }
        let fields = profile.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return "User(\(id), \(email), \(name), [\(fields)])"
    }
}
