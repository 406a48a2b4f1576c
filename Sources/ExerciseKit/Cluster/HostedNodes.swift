import ScaleCore

/// A group of network nodes, each running one `State` (a search engine, a cache) for an exercise.
/// Callers reach a node's state only through `call`, which crosses the simulated network (delays,
/// faults and message counts apply), as they reach a storage node through `Cluster.call`.
public final class HostedNodes<State: Sendable>: Sendable {
    public let name: String
    /// The group's nodes, in the order the group was built (`index` of `HostedNodeContext`).
    public let nodeIDs: [NodeID]
    let network: SimulatedNetwork
    private let contexts: [HostedNodeContext]
    private let indexOfNode: [NodeID: Int]
    // One slot per node; nil while the node restarts or after shutdown.
    private let states: [Locked<State?>]
    private let open: @Sendable (HostedNodeContext) throws -> State
    private let close: @Sendable (State) -> Void

    init(
        name: String, contexts: [HostedNodeContext], network: SimulatedNetwork,
        open: @escaping @Sendable (HostedNodeContext) throws -> State, close: @escaping @Sendable (State) -> Void
    ) throws {
        self.name = name
        self.contexts = contexts
        self.network = network
        self.open = open
        self.close = close
        nodeIDs = contexts.map(\.node)
        indexOfNode = Dictionary(uniqueKeysWithValues: contexts.map { ($0.node, $0.index) })
        var opened: [State] = []
        do {
            for context in contexts { opened.append(try open(context)) }
        } catch {
            opened.forEach(close)
            throw error
        }
        states = opened.map { Locked(Optional($0)) }
    }

    /// Calls `node` from `client` across the simulated network and runs `body` on its state there.
    public func call<Reply: Sendable>(
        _ node: NodeID, from client: NodeID = .client, kind: MessageKind = .unnamed,
        _ body: @Sendable (State) throws -> Reply
    ) async throws -> Reply {
        try await network.call(from: client, to: node, kind: kind) { try body(try state(on: node)) }
    }

    /// The state running on `node`, read without crossing the network: for inspection and tests,
    /// never for a design's own requests (those must `call`).
    public func state(on node: NodeID) throws -> State {
        guard let index = indexOfNode[node] else {
            throw ClusterError("\(node) is not a node of hosted group '\(name)'; its nodes are \(nodeIDs)")
        }
        guard let state = states[index].withLock({ $0 }) else {
            throw ClusterError("\(node) of hosted group '\(name)' is not running (restarting or shut down); retry")
        }
        return state
    }

    /// Closes every node's state (at cluster shutdown).
    func closeAll() {
        for index in states.indices {
            if let state = take(index) { close(state) }
        }
    }

    /// Empties slot `index`, returning what ran there.
    fileprivate func take(_ index: Int) -> State? {
        states[index].withLock { state in
            defer { state = nil }
            return state
        }
    }
}

extension HostedNodes: NodeRestartable {
    func restartState(on node: NodeID) throws {
        guard let index = indexOfNode[node] else { return }
        if let old = take(index) { close(old) }
        let reopened = try open(contexts[index])
        states[index].withLock { $0 = reopened }
    }
}
