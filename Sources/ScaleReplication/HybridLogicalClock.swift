import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A hybrid logical clock timestamp: physical time plus a logical counter that orders events
/// sharing (or lagging behind) a physical reading. Compares lexicographically.
public struct HLCTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The physical part: the highest physical time seen, in nanoseconds.
    public var wallNanos: UInt64
    /// Orders events that share `wallNanos`.
    public var logical: UInt32

    /// A timestamp at `wallNanos` with counter `logical`.
    public init(wallNanos: UInt64, logical: UInt32) {
        self.wallNanos = wallNanos
        self.logical = logical
    }

    /// Earlier than every issued timestamp.
    public static let zero = HLCTimestamp(wallNanos: 0, logical: 0)

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        (lhs.wallNanos, lhs.logical) < (rhs.wallNanos, rhs.logical)
    }

    /// The smallest timestamp after this one.
    var successor: HLCTimestamp {
        logical == .max ? HLCTimestamp(wallNanos: wallNanos &+ 1, logical: 0) : HLCTimestamp(wallNanos: wallNanos, logical: logical + 1)
    }

    public var description: String { "\(wallNanos).\(logical)" }
}

/// A hybrid logical clock (Kulkarni et al., 2014): timestamps stay close to physical time yet
/// never go backwards and always exceed every timestamp received, so causally later writes get
/// later timestamps even when node clocks are skewed. Pure: physical readings are passed in.
public struct HybridLogicalClock: Sendable, Hashable {
    /// The latest timestamp issued or received.
    public private(set) var latest: HLCTimestamp = .zero

    /// A clock that has issued nothing.
    public init() {}

    /// Timestamps a local event (a write or a send) at physical time `physicalNanos`.
    public mutating func tick(physicalNanos: UInt64) -> HLCTimestamp {
        latest = physicalNanos > latest.wallNanos ? HLCTimestamp(wallNanos: physicalNanos, logical: 0) : latest.successor
        return latest
    }

    /// Merges a received timestamp at physical time `physicalNanos` and returns the receive event's timestamp.
    public mutating func receive(_ remote: HLCTimestamp, physicalNanos: UInt64) -> HLCTimestamp {
        let wall = max(latest.wallNanos, remote.wallNanos, physicalNanos)
        if wall == physicalNanos, wall > latest.wallNanos, wall > remote.wallNanos {
            latest = HLCTimestamp(wallNanos: wall, logical: 0)
        } else {
            let highest = max(
                latest.wallNanos == wall ? latest : .zero,
                remote.wallNanos == wall ? remote : .zero
            )
            latest = highest.successor
        }
        return latest
    }
}
