import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// A version vector: per node, how many of its writes a version has seen. Detects concurrent
/// writes exactly (unlike timestamps), so they can be kept as siblings.
public struct VersionVector: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One node's counter.
    public struct Counter: Sendable, Hashable, Codable {
        /// The node counted.
        public var node: ReplicaID
        /// How many of its writes were seen.
        public var count: UInt64
    }

    /// Nonzero counters sorted by node, so equal vectors are equal values.
    public private(set) var counters: [Counter] = []

    /// The empty vector (seen nothing).
    public init() {}

    /// A vector with the given counters (zeros dropped).
    public init(_ counts: [ReplicaID: UInt64]) {
        counters = counts.filter { $0.value > 0 }.map { Counter(node: $0.key, count: $0.value) }.sorted { $0.node < $1.node }
    }

    /// The counter for `node` (0 if absent).
    public subscript(node: ReplicaID) -> UInt64 {
        counters.first { $0.node == node }?.count ?? 0
    }

    /// Counts one more write by `node`.
    public mutating func increment(_ node: ReplicaID) {
        raise(node, to: self[node] &+ 1)
    }

    /// Raises `node`'s counter to at least `count`.
    public mutating func raise(_ node: ReplicaID, to count: UInt64) {
        guard count > self[node] else { return }
        if let index = counters.firstIndex(where: { $0.node == node }) {
            counters[index].count = count
        } else {
            counters.append(Counter(node: node, count: count))
            counters.sort { $0.node < $1.node }
        }
    }

    /// The pointwise maximum: a version that has seen both.
    public func merged(with other: VersionVector) -> VersionVector {
        var result = VersionVector()
        walk(with: other) { node, mine, theirs in
            result.counters.append(Counter(node: node, count: max(mine, theirs)))
        }
        return result
    }

    /// How `self` relates to `other`.
    public func compare(_ other: VersionVector) -> VersionOrder {
        var selfAhead = false
        var otherAhead = false
        walk(with: other) { _, mine, theirs in
            if mine > theirs { selfAhead = true }
            if theirs > mine { otherAhead = true }
        }
        switch (selfAhead, otherAhead) {
        case (false, false): return .equal
        case (true, false): return .after
        case (false, true): return .before
        case (true, true): return .concurrent
        }
    }

    /// True when `self` has seen everything `other` has.
    public func descends(from other: VersionVector) -> Bool {
        let order = compare(other)
        return order == .equal || order == .after
    }

    /// Visits every node present in either vector, in node order, with both counts.
    private func walk(with other: VersionVector, _ body: (ReplicaID, UInt64, UInt64) -> Void) {
        var i = 0
        var j = 0
        while i < counters.count || j < other.counters.count {
            let mine = i < counters.count ? counters[i] : nil
            let theirs = j < other.counters.count ? other.counters[j] : nil
            switch (mine, theirs) {
            case let (mine?, theirs?) where mine.node == theirs.node:
                body(mine.node, mine.count, theirs.count)
                i += 1
                j += 1
            case let (mine?, theirs?) where mine.node < theirs.node:
                body(mine.node, mine.count, 0)
                i += 1
            case let (mine?, nil):
                body(mine.node, mine.count, 0)
                i += 1
            case let (_, theirs?):
                body(theirs.node, 0, theirs.count)
                j += 1
            case (nil, nil):
                return
            }
        }
    }

    public var description: String {
        "[" + counters.map { "\($0.node):\($0.count)" }.joined(separator: ",") + "]"
    }
}

/// How two version vectors relate.
public enum VersionOrder: Sendable, Hashable {
    case equal
    /// The left one happened before the right one.
    case before
    /// The left one happened after (descends from) the right one.
    case after
    /// Neither saw the other: a conflict.
    case concurrent
}
