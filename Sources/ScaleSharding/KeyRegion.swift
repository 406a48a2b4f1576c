import ScaleSupport
import ScaleStorage
/// A set of keys described by their hash or order values: what a rebalance plan says moves.
public enum KeyRegion: Hashable, Sendable, CustomStringConvertible {
    /// Keys whose hash lies in the range (a consistent-hashing ring arc).
    case hashRange(ClosedRange<UInt64>)
    /// Keys whose `hash % modulus == residue` (what hash-mod moves).
    case hashResidue(modulus: UInt64, residue: UInt64)
    /// Keys whose order value lies in the range (a range partitioner's span).
    case orderRange(ClosedRange<UInt64>)
    /// One key (a directory entry).
    case key(PartitionKey)

    /// True when `key` belongs to the region.
    public func contains(_ key: PartitionKey) -> Bool {
        switch self {
        case .hashRange(let range): return range.contains(key.hash)
        case .hashResidue(let modulus, let residue): return key.hash % modulus == residue
        case .orderRange(let range): return range.contains(key.order)
        case .key(let single): return single == key
        }
    }

    /// The share of uniformly hashed keys in the region; nil where it depends on the keys
    /// (order ranges, single keys).
    public var hashSpaceFraction: Double? {
        switch self {
        case .hashRange(let range):
            return (Double(range.upperBound - range.lowerBound) + 1) / 0x1p64
        case .hashResidue(let modulus, _):
            return 1 / Double(modulus)
        case .orderRange, .key:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .hashRange(let range): return "hash \(range.lowerBound)...\(range.upperBound)"
        case .hashResidue(let modulus, let residue): return "hash % \(modulus) == \(residue)"
        case .orderRange(let range): return "order \(range.lowerBound)...\(range.upperBound)"
        case .key(let key): return "\(key)"
        }
    }
}

/// A region of keys that changes owner.
public struct RegionMove: Hashable, Sendable, CustomStringConvertible {
    public var region: KeyRegion
    public var from: ShardID
    public var to: ShardID

    public init(region: KeyRegion, from: ShardID, to: ShardID) {
        self.region = region
        self.from = from
        self.to = to
    }

    public var description: String { "\(region): \(from) -> \(to)" }
}

/// A source and destination shard pair.
public struct ShardFlow: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var from: ShardID
    public var to: ShardID

    public init(from: ShardID, to: ShardID) {
        self.from = from
        self.to = to
    }

    public static func < (lhs: ShardFlow, rhs: ShardFlow) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }

    public var description: String { "\(from) -> \(to)" }
}

extension Array where Element == RegionMove {
    /// Appends a move, merging it into the previous one when both are adjacent ranges of the same kind between the same shards.
    mutating func appendMerging(_ move: RegionMove) {
        if let last = self.last, last.from == move.from, last.to == move.to {
            switch (last.region, move.region) {
            case (.hashRange(let previous), .hashRange(let next)) where previous.upperBound &+ 1 == next.lowerBound:
                self[count - 1].region = .hashRange(previous.lowerBound...next.upperBound)
                return
            case (.orderRange(let previous), .orderRange(let next)) where previous.upperBound &+ 1 == next.lowerBound:
                self[count - 1].region = .orderRange(previous.lowerBound...next.upperBound)
                return
            default:
                break
            }
        }
        append(move)
    }
}
