/// One version of a row under multi-primary replication: its value (nil for a delete), the
/// hybrid logical timestamp and node of the write, and the version vector of what it had seen.
public struct RowVersion: Sendable, Hashable, Codable, CustomStringConvertible {
    public var value: [UInt8]?
    public var timestamp: HLCTimestamp
    public var origin: ReplicaID
    public var vector: VersionVector

    /// A version written at `origin`.
    public init(value: [UInt8]?, timestamp: HLCTimestamp, origin: ReplicaID, vector: VersionVector) {
        self.value = value
        self.timestamp = timestamp
        self.origin = origin
        self.vector = vector
    }

    /// Last-write-wins order: later timestamp, then higher node id (a fixed tie-break every node agrees on).
    public func winsOver(_ other: RowVersion) -> Bool {
        (timestamp, origin) > (other.timestamp, other.origin)
    }

    public var description: String {
        "\(value.map { "\($0.count) B" } ?? "tombstone")@\(timestamp)/\(origin)\(vector)"
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
                switch current.vector.compare(version.vector) {
                case .equal, .after:
                    continue
                case .before:
                    result = [version]
                case .concurrent:
                    conflicts += 1
                    var winner = current.winsOver(version) ? current : version
                    winner.vector = current.vector.merged(with: version.vector)
                    result = [winner]
                }
            case .siblings:
                if result.contains(where: { $0.vector.descends(from: version.vector) }) { continue }
                if result.contains(where: { $0.vector.compare(version.vector) == .concurrent }) { conflicts += 1 }
                result.removeAll { version.vector.descends(from: $0.vector) }
                result.append(version)
            }
        }
        result.sort { $1.winsOver($0) }
        return (result, conflicts)
    }

    /// The vector a new write at `node` gets: everything in `context` (or all local versions),
    /// plus one more write by `node` than any local version records.
    static func vectorForWrite(at node: ReplicaID, local: [RowVersion], context: VersionVector?) -> VersionVector {
        let seen = local.reduce(VersionVector()) { $0.merged(with: $1.vector) }
        var vector = context ?? seen
        vector.raise(node, to: seen[node])
        vector.increment(node)
        return vector
    }
}
