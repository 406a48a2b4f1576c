import Foundation
import ScaleCore

/// What an exercise's open function gets for one node of a hosted group.
public struct HostedNodeContext: Sendable {
    /// The node on the cluster's network.
    public let node: NodeID
    /// Its position in the group, `0..<count`.
    public let index: Int
    /// A file for this node's state in the cluster's working folder (unique per group and node,
    /// kept across restarts); nil when the cluster keeps nodes in memory (`--storage memory`).
    public let path: String?
}

extension Cluster {
    /// The group of nodes named `name`, each running the state `open` builds (for example a
    /// search engine opened on `context.path`), built on first use with `count` fresh network
    /// nodes. Every service instance over this cluster gets the same group back; `count` must match.
    /// `close` runs when a node restarts and when the cluster shuts down.
    public func hostedNodes<State: Sendable>(
        _ name: String, count: Int,
        open: @escaping @Sendable (HostedNodeContext) throws -> State,
        close: @escaping @Sendable (State) -> Void = { _ in }
    ) throws -> HostedNodes<State> {
        guard (1...ClusterConfiguration.spareNodeCount).contains(count) else {
            throw ClusterError("a hosted group takes 1 to \(ClusterConfiguration.spareNodeCount) nodes; '\(name)' asked for \(count)")
        }
        let group = try hosted.component("hosted:" + name) {
            let nodes = try (0..<count).map { _ in try allocateNodeID() }
            let contexts = nodes.enumerated().map { index, node in
                HostedNodeContext(node: node, index: index, path: pathForHosted(name, node: node))
            }
            let built = try HostedNodes(name: name, contexts: contexts, network: network, open: open, close: close)
            onShutdown { built.closeAll() }
            return built
        }
        guard group.nodeIDs.count == count else {
            throw ClusterError("hosted group '\(name)' already runs on \(group.nodeIDs.count) nodes; a design cannot ask for \(count) over the same cluster")
        }
        return group
    }

    /// A part every service instance over this cluster shares (a layout, counters, a metric
    /// source registered once), built by `make` on first use.
    public func shared<Component: Sendable>(_ name: String, make: () throws -> Component) throws -> Component {
        try hosted.component("shared:" + name, make: make)
    }

    /// Every node of a hosted group, in id order (the order they were built in).
    public var hostedNodeIDs: [NodeID] {
        hosted.restartable.flatMap(\.nodeIDs).sorted()
    }

    /// The nodes of each hosted group, one list per group.
    public var hostedGroupNodeIDs: [[NodeID]] {
        hosted.restartable.map(\.nodeIDs)
    }

    /// Every node that runs state for this cluster's services: storage nodes, then hosted nodes.
    public var statefulNodeIDs: [NodeID] { nodeIDs + hostedNodeIDs }

    /// Restarts `node` as a process restart would: it is down on the network meanwhile, its
    /// storage node (if any, and not in a replica set) closes cleanly and reopens from its file,
    /// and every hosted state on it is closed and opened again from its path. What was not
    /// persisted is gone.
    public func restartNode(_ node: NodeID) async throws {
        network.takeDown(node)
        defer { network.bringUp(node) }
        // A replicated shard's storage node belongs to its replica set, which recovers it itself.
        if nodeIDs.contains(node), replicaSets.isEmpty {
            let storage = self.node(node)
            storage.close()
            try storage.reopen()
        }
        for component in hosted.restartable where component.nodeIDs.contains(node) {
            try component.restartState(on: node)
        }
    }

    private func pathForHosted(_ name: String, node: NodeID) -> String? {
        switch configuration.storageMode {
        case .memory: return nil
        case .file:
            let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
            return (directory as NSString).appendingPathComponent("node\(node.rawValue)-\(safe).sqlite")
        }
    }
}
