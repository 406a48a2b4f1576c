import ScaleCore

/// What a cluster hosts for an exercise design, by name: node groups running per-node state (a
/// search engine per node) and shared parts every service instance over the cluster must agree on
/// (a layout, counters). Built on first use, like the shard layout, so a second service instance
/// (a restarted app server) finds the same ones.
final class HostedComponents: Sendable {
    // Guarded by the lock: components are added while services run.
    private let byName = Locked<[String: any Sendable]>([:])

    /// The component named `name`, built by `make` on first use. Asking for the name with another
    /// type is an error: two parts of a design would otherwise silently share one name.
    func component<Component: Sendable>(_ name: String, make: () throws -> Component) throws -> Component {
        try byName.withLock { components in
            if let existing = components[name] {
                guard let typed = existing as? Component else {
                    throw ClusterError("cluster component '\(name)' is a \(type(of: existing)), not a \(Component.self); give each component its own name")
                }
                return typed
            }
            let built = try make()
            components[name] = built
            return built
        }
    }

    /// Every component that runs state on nodes, for restarts.
    var restartable: [any NodeRestartable] {
        byName.withLock { $0.values.compactMap { $0 as? any NodeRestartable } }
    }
}

/// A component whose per-node state can be closed and reopened from its files (a node restart).
protocol NodeRestartable: Sendable {
    /// The nodes it runs on.
    var nodeIDs: [NodeID] { get }
    /// Closes the state on `node` and opens it again from what it persisted.
    func restartState(on node: NodeID) throws
}
