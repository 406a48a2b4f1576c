import ScaleSupport
import ScaleStorage
/// An inconsistent shard layout or a misuse of the shard map: a struct wrapping a code with a
/// message, like `StorageError`.
public struct ShardingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public var code: Code
    /// The details.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ShardingError(\(code.rawValue)): \(message)" }

    /// The kinds of sharding error.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A layout needs at least one shard.
        public static let noShards = Code(rawValue: "no shards")
        /// A shard was named twice, or added when already present.
        public static let duplicateShard = Code(rawValue: "duplicate shard")
        /// A shard that the layout or map does not have.
        public static let unknownShard = Code(rawValue: "unknown shard")
        /// Range split points must be strictly increasing, one fewer than the ranges.
        public static let invalidSplitPoints = Code(rawValue: "invalid split points")
        /// A shard of the layout has no storage node.
        public static let missingNode = Code(rawValue: "missing node")
        /// The map is already migrating; finish or abort first.
        public static let migrationInProgress = Code(rawValue: "migration in progress")
        /// The operation needs a migration in progress.
        public static let notMigrating = Code(rawValue: "not migrating")
        /// The mover cannot copy this table (no primary key, unknown key column, ...).
        public static let unsupportedTable = Code(rawValue: "unsupported table")
        /// A parameter is out of its range (virtual node count, batch size, ...).
        public static let invalidArgument = Code(rawValue: "invalid argument")
    }
}
