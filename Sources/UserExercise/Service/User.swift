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

    public var description: String { "User(\(id), \(email), \(name))" }
}
