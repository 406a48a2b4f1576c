import ScaleSupport
import ScaleStorage
/// Names one shard (one storage node's share of the keys).
public struct ShardID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { self.rawValue = value }

    public static func < (lhs: ShardID, rhs: ShardID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "shard-\(rawValue)" }

    /// Shards 0 ..< count.
    public static func range(_ count: Int) -> [ShardID] { (0..<max(0, count)).map { ShardID(rawValue: $0) } }
}
