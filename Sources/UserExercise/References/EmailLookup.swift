/// How a sharded UserService answers `findUser(email:)`.
public enum EmailLookup: String, Sendable, CaseIterable {
    /// Ask every shard, keep the one answer: cost grows with the shard count.
    case scatterGather = "scatter-gather"
    /// Look the email up in the `emails` table, sharded by email, then read the user: two hops,
    /// whatever the shard count.
    case globalIndex = "global-index"
}
