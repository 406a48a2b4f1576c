import ScaleSupport
/// A network partition: messages from any node in `from` to any node in `to` are dropped, per rule.
///
/// Build one with `symmetric(_:)` (no messages between different groups, either way) or
/// `oneWay(from:to:)` (A→B dropped while B→A still works). Nodes not named in any rule are
/// unaffected. `.client` stands for every client.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// One directed rule: messages from a member of `from` to a member of `to` are dropped.
    public struct Rule: Sendable, Hashable {
        public let from: Set<NodeID>
        public let to: Set<NodeID>

        public init(from: Set<NodeID>, to: Set<NodeID>) {
            self.from = Set(from.map(\.faultIdentity))
            self.to = Set(to.map(\.faultIdentity))
        }
    }

    /// The directed rules; a message is dropped if any rule matches it.
    public let rules: [Rule]
    /// Whether this partition was built symmetric (only affects `description`).
    public let isSymmetric: Bool
    /// The groups as given, for `description`.
    public let groups: [[NodeID]]

    /// No messages between nodes of different groups, in either direction.
    public static func symmetric(_ groups: [[NodeID]]) -> Partition {
        var rules: [Rule] = []
        for (i, a) in groups.enumerated() {
            for (j, b) in groups.enumerated() where i != j {
                rules.append(Rule(from: Set(a), to: Set(b)))
            }
        }
        return Partition(rules: rules, isSymmetric: true, groups: groups)
    }

    /// Messages from `from` to `to` are dropped; the reverse direction still works.
    public static func oneWay(from: [NodeID], to: [NodeID]) -> Partition {
        Partition(rules: [Rule(from: Set(from), to: Set(to))], isSymmetric: false, groups: [from, to])
    }

    /// Cuts `node` off from every other endpoint in `others` (both ways).
    public static func isolating(_ node: NodeID, from others: [NodeID]) -> Partition {
        symmetric([[node], others.filter { $0 != node }])
    }

    /// Whether a message from `from` to `to` is dropped by this partition.
    public func blocks(from: NodeID, to: NodeID) -> Bool {
        let source = from.faultIdentity
        let destination = to.faultIdentity
        return rules.contains { $0.from.contains(source) && $0.to.contains(destination) }
    }

    /// Schedule syntax: "0,1|2" (symmetric) or "0,1>2" (one-way).
    public var description: String {
        func list(_ nodes: [NodeID]) -> String { nodes.map(NemesisText.node).joined(separator: ",") }
        return groups.map(list).joined(separator: isSymmetric ? "|" : ">")
    }
}
