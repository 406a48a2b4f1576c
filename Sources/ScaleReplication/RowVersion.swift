import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// One version of a row under multi-primary replication: its value (nil for a delete), its
/// hybrid logical timestamp, its dot (the writing node and that node's counter for the row), and
/// the context of versions the writer had seen. Dot plus context is a dotted version vector: it
/// tells a stale-context write at the same node apart from a later one, which a plain version
/// vector cannot.
public struct RowVersion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The written value; nil for a delete (a tombstone).
    public var value: [UInt8]?
    /// When it was written, on the writer's hybrid logical clock.
    public var timestamp: HLCTimestamp
    /// The node that wrote this version.
    public var origin: ReplicaID
    /// `origin`'s write counter for this row: (origin, counter) names the write uniquely.
    public var counter: UInt64
    /// Every write this version had seen (a context covers all earlier writes of each node).
    public var context: VersionVector

    /// A version written at `origin` as its `counter`-th write of the row, having seen `context`.
    public init(value: [UInt8]?, timestamp: HLCTimestamp, origin: ReplicaID, counter: UInt64, context: VersionVector) {
        self.value = value
        self.timestamp = timestamp
        self.origin = origin
        self.counter = counter
        self.context = context
    }

    /// Whether this version had seen `other` when it was written (so `other` is obsolete).
    public func hasSeen(_ other: RowVersion) -> Bool {
        other.counter <= context[other.origin] || (other.origin == origin && other.counter == counter)
    }

    /// Whether neither version had seen the other: a conflict.
    public func isConcurrent(with other: RowVersion) -> Bool {
        !hasSeen(other) && !other.hasSeen(self)
    }

    /// The context plus this version's own write: what a client that read it has seen.
    public var causalHistory: VersionVector {
        var history = context
        history.raise(origin, to: counter)
        return history
    }

    /// The context to write with after reading `versions` (e.g. all siblings, merged by the application).
    public static func context(of versions: [RowVersion]) -> VersionVector {
        versions.reduce(VersionVector()) { $0.merged(with: $1.causalHistory) }
    }

    /// Last-write-wins order: later timestamp, then higher node id (a fixed tie-break every node agrees on).
    public func winsOver(_ other: RowVersion) -> Bool {
        (timestamp, origin) > (other.timestamp, other.origin)
    }

    public var description: String {
        "\(value.map { "\($0.count) B" } ?? "tombstone")@\(timestamp)/\(origin):\(counter)\(context)"
    }
}

/// What to do when writes at different primaries are concurrent.
public enum ConflictPolicy: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Keep the write with the highest hybrid logical timestamp; the other is silently lost.
    case lastWriterWins = "lww"
    /// Keep every concurrent write as a sibling for the application to merge on its next write.
    case siblings

    public var description: String { rawValue }
}

/// The merge rules for one row. Both are join-semilattice merges (commutative, associative,
/// idempotent), so replicas converge whatever order and how often updates arrive.
enum RowVersionMerge {
    /// Merges `incoming` versions into `local`; returns the new versions and how many incoming
    /// versions were concurrent with a local one.
    static func merge(local: [RowVersion], incoming: [RowVersion], policy: ConflictPolicy) -> (versions: [RowVersion], conflicts: Int) {
        var result = local
        var conflicts = 0
        for version in incoming {
            switch policy {
            case .lastWriterWins:
                guard let current = result.first else {
                    result = [version]
                    continue
                }
                if current == version { continue }
                if current.isConcurrent(with: version) { conflicts += 1 }
                // The winner is chosen by timestamp alone (never by causality), so every merge order
                // picks the same one; the context records everything merged.
                var winner = current.winsOver(version) ? current : version
                winner.context = current.causalHistory.merged(with: version.causalHistory)
                result = [winner]
            case .siblings:
                if result.contains(where: { $0.hasSeen(version) }) { continue }
                if result.contains(where: { !version.hasSeen($0) }) { conflicts += 1 }
                result.removeAll { version.hasSeen($0) }
                result.append(version)
            }
        }
        result.sort { $1.winsOver($0) }
        return (result, conflicts)
    }

    /// The dot counter and context of a new write at `node`: the context is `clientContext`
    /// (or everything the local versions had seen); the counter exceeds every one `node` used for the row.
    static func dotForWrite(at node: ReplicaID, local: [RowVersion], clientContext: VersionVector?) -> (counter: UInt64, context: VersionVector) {
        let seen = RowVersion.context(of: local)
        let context = clientContext ?? seen
        return (max(seen[node], context[node]) &+ 1, context)
    }
}
