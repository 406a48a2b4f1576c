import Foundation
import ScaleCore
import Synchronization

/// The nodes, network and working folder of one run, built by the harness from a
/// `ClusterConfiguration` and handed to an implementation's factory.
///
/// Every node has a `NodeID` on the network, handed out by the cluster (`allocateNodeID`); clients
/// call storage nodes through `call(_:kind:_:)`, which crosses the simulated network (delays,
/// faults, message counts) and then runs the closure against that node's SQLite database.
///
/// Build one with `Cluster.start` and end it with `shutdown()`: components that run tasks
/// (replica sets, queue workers) register their stop actions with `onShutdown`.
public final class Cluster: Sendable {
    public let configuration: ClusterConfiguration
    public let network: SimulatedNetwork
    /// This cluster's working folder (node files live here); removed by `shutdown()`.
    public let directory: String
    let migrations: SchemaMigrations?
    // Guarded by the lock: nodes, ids, stop actions and metric sources are added while the service runs.
    let state: Locked<ClusterState>
    // The shard layout every service instance shares; built on first use (see Cluster+Shards).
    let sharedShards = Locked<ClusterShards?>(nil)
    // The same layout once built, readable without the lock (set once, under it).
    let builtShards = AtomicLazyReference<ClusterShards>()
    // The cache tier, queues and endpoints (see Cluster+Cache, Cluster+Queue, Cluster+Endpoints).
    let components = Locked(ClusterComponents())
    // Hosted node groups and shared parts of exercise designs, by name (see Cluster+Hosted).
    let hosted = HostedComponents()

    /// Builds and starts a cluster: `configuration.initialNodeCount` storage nodes (each migrated
    /// with `migrations`) on a fresh network, ready for a service.
    public static func start(_ configuration: ClusterConfiguration, migrations: SchemaMigrations? = nil) async throws -> Cluster {
        let cluster = try Cluster(configuration, migrations: migrations)
        do {
            try await cluster.startReplicaSets()
            try cluster.startCacheTier()
        } catch {
            await cluster.shutdown()
            throw error
        }
        return cluster
    }

    init(_ configuration: ClusterConfiguration, migrations: SchemaMigrations?) throws {
        try configuration.validate()
        self.configuration = configuration
        self.migrations = migrations
        let parent = configuration.parentDirectory ?? FileManager.default.temporaryDirectory.path
        directory = (parent as NSString).appendingPathComponent("scalebench-cluster-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        network = SimulatedNetwork(NetworkConfiguration(
            nodeCount: configuration.initialNodeCount + ClusterConfiguration.spareNodeCount,
            delay: configuration.networkDelay,
            seed: configuration.seed
        ))
        state = Locked(ClusterState())
        do {
            for _ in 0..<configuration.initialNodeCount { _ = try addNode() }
        } catch {
            state.withLock { $0.storageNodes.values }.forEach { $0.close() }
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Every storage node's id, in creation order.
    public var nodeIDs: [NodeID] { state.withLock { $0.storageOrder } }

    public var nodeCount: Int { state.withLock { $0.storageOrder.count } }

    /// The storage node behind `id`. Precondition: `id` names a storage node of this cluster.
    public func node(_ id: NodeID) -> StorageNode {
        state.withLock { state in
            guard let node = state.storageNodes[id] else { preconditionFailure("\(id) is not a storage node of this cluster") }
            return node
        }
    }

    /// Hands out a network node id no other node of this cluster uses (for cache nodes, queues,
    /// endpoints, coordinators). The network has `spareNodeCount` ids beyond the initial nodes.
    public func allocateNodeID() throws -> NodeID {
        try state.withLock { state in
            guard state.nextNodeID < configuration.initialNodeCount + ClusterConfiguration.spareNodeCount else {
                throw ClusterError("this cluster ran out of network node ids (\(ClusterConfiguration.spareNodeCount) beyond its \(configuration.initialNodeCount) initial nodes); add fewer nodes, shards or endpoints")
            }
            defer { state.nextNodeID += 1 }
            return NodeID(state.nextNodeID)
        }
    }

    /// Provisions one more storage node (migrated like the others) and returns its id.
    public func addNode() throws -> NodeID {
        let id = try allocateNodeID()
        let node = try Self.openNode(id: id, configuration: configuration, directory: directory, migrations: migrations)
        state.withLock { state in
            state.storageNodes[id] = node
            state.storageOrder.append(id)
        }
        return id
    }

    /// Calls node `id` from `client` across the simulated network and runs `body` on its database.
    public func call<Reply: Sendable>(
        _ id: NodeID,
        from client: NodeID = .client,
        kind: MessageKind = .unnamed,
        _ body: @Sendable (StorageNode) throws -> Reply
    ) async throws -> Reply {
        let node = node(id)
        return try await network.call(from: client, to: id, kind: kind) { try body(node) }
    }

    /// Per-node read and write counts, for shard-load metrics.
    public func nodeCounters() -> [StorageNodeCounters] {
        state.withLock { state in state.storageOrder.compactMap { state.storageNodes[$0] } }.map { $0.counters() }
    }

    /// Registers `stop` to run when the cluster shuts down, after every stop registered later
    /// (components stop in the reverse order they started).
    public func onShutdown(_ stop: @escaping @Sendable () async -> Void) {
        state.withLock { $0.stopActions.append(stop) }
    }

    /// Stops every registered component (reverse order), closes every node and deletes the
    /// working folder. A second call does nothing.
    public func shutdown() async {
        let (stops, nodes) = state.withLock { state -> ([@Sendable () async -> Void], [StorageNode]) in
            guard !state.isShutDown else { return ([], []) }
            state.isShutDown = true
            defer { state.stopActions = [] }
            return (state.stopActions.reversed(), state.storageOrder.compactMap { state.storageNodes[$0] })
        }
        guard !nodes.isEmpty || !stops.isEmpty else { return }
        for stop in stops { await stop() }
        nodes.forEach { $0.close() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func openNode(
        id: NodeID, configuration: ClusterConfiguration, directory: String, migrations: SchemaMigrations?
    ) throws -> StorageNode {
        var options: StorageNodeOptions = switch configuration.storageMode {
        case .file: .file(directory: directory, name: "node\(id.rawValue)")
        case .memory: .memory
        }
        // Writes grow the file, and every reader then remaps it: under a write mix mmap costs more than it saves.
        options.mmapSizeBytes = 0
        let node = try StorageNode(name: "node\(id.rawValue)", options: options)
        if let migrations {
            try node.migrate(migrations)
        }
        return node
    }
}

/// What a cluster tracks while it runs; guarded by `Cluster.state`.
struct ClusterState {
    var storageNodes: [NodeID: StorageNode] = [:]
    var storageOrder: [NodeID] = []
    var nextNodeID = 0
    var stopActions: [@Sendable () async -> Void] = []
    var metricSources: [ClusterMetricSource] = []
    var replicaSets: [ShardID: ReplicaSet<SQLiteChangesetStore>] = [:]
    var isShutDown = false
}

/// A cluster that cannot be built as configured.
public struct ClusterError: CodedError {
    /// What went wrong, stable across versions so callers can match on it.
    public typealias Code = ErrorCode<ClusterError>

    /// The kind of failure.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String

    /// An error of `code` (by default a request the cluster cannot serve as asked).
    public init(_ message: String, code: Code = .invalidRequest) {
        self.code = code
        self.message = message
    }
}

extension ErrorCode where Domain == ClusterError {
    /// A configuration or call the cluster cannot serve as asked (an option value, a missing part).
    public static let invalidRequest = Self("invalidRequest")
    /// The cluster cannot serve it now (no primary during a failover, a move under way).
    public static let unavailable = Self("unavailable")
}
