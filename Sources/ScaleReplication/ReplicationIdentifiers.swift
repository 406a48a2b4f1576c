import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// Identifies one node of a replica set or multi-primary cluster (its index in the member list).
public struct ReplicaID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The node number.
    public var rawValue: Int

    /// Wraps a node number.
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "r\(rawValue)" }
}

/// A primary's term: raised at every promotion, so messages from an older primary are recognised
/// and refused (fencing).
public struct Epoch: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number.
    public var rawValue: UInt64

    /// Wraps an epoch number; 0 means "before any primary".
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// The epoch a newly promoted primary takes.
    public var next: Epoch { Epoch(rawValue &+ 1) }

    /// The epoch before any primary.
    public static let zero = Epoch(0)

    public static func < (lhs: Epoch, rhs: Epoch) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "e\(rawValue)" }
}

/// Index of an entry in the change log; the first entry is at 1, and 0 means "empty log".
public struct LogPosition: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number.
    public var rawValue: UInt64

    /// Wraps a log index.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// The position of an empty log.
    public static let zero = LogPosition(0)

    /// The position right after this one.
    public var next: LogPosition { LogPosition(rawValue &+ 1) }

    /// The position right before this one (0 stays 0).
    public var previous: LogPosition { LogPosition(rawValue == 0 ? 0 : rawValue - 1) }

    /// How many positions `self` is ahead of `other` (0 when it is not ahead).
    public func distance(after other: LogPosition) -> UInt64 {
        rawValue > other.rawValue ? rawValue - other.rawValue : 0
    }

    public static func < (lhs: LogPosition, rhs: LogPosition) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}
