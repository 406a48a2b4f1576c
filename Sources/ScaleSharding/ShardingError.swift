import ScaleSupport
import ScaleStorage
/// An inconsistent shard layout or a misuse of the shard map: a stable code plus a message.
public struct ShardingError: CodedError {
    /// What went wrong, stable across versions so callers can match on it.
    public typealias Code = ErrorCode<ShardingError>

    /// The kind of failure.
    public var code: Code
    /// The details.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension ErrorCode where Domain == ShardingError {
    /// A layout needs at least one shard.
    public static let noShards = Self("noShards")
    /// A shard was named twice, or added when already present.
    public static let duplicateShard = Self("duplicateShard")
    /// A shard that the layout or map does not have.
    public static let unknownShard = Self("unknownShard")
    /// Range split points must be strictly increasing, one fewer than the ranges.
    public static let invalidSplitPoints = Self("invalidSplitPoints")
    /// A shard of the layout has no storage node.
    public static let missingNode = Self("missingNode")
    /// The map is already migrating; finish or abort first.
    public static let migrationInProgress = Self("migrationInProgress")
    /// The operation needs a migration in progress.
    public static let notMigrating = Self("notMigrating")
    /// The mover cannot copy this table (no primary key, unknown key column, ...).
    public static let unsupportedTable = Self("unsupportedTable")
    /// A parameter is out of its range (virtual node count, batch size, ...).
    public static let invalidArgument = Self("invalidArgument")
}
