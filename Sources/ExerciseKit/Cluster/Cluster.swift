import Foundation
import ScaleCore

/// The nodes, network and working folder of one run, built by the harness from a
/// `ClusterConfiguration` and handed to an implementation's factory.
///
/// Node `i` is `NodeID(i)` on the network; clients call nodes through `call(_:kind:_:)`, which
/// crosses the simulated network (delays, faults, message counts) and then runs the closure
/// against that node's SQLite database.
public final class Cluster: Sendable {
    public let configuration: ClusterConfiguration
    public let network: SimulatedNetwork
    /// This cluster's working folder (node files live here); removed by `shutdown()`.
    public let directory: String
    // Guarded by the mutex: nodes are appended by `addNode` while the service runs.
    private let nodes: Locked<[StorageNode]>
    private let migrations: SchemaMigrations?
    // The shard layout every service instance shares; built on first use (see Cluster+Shards).
    let sharedShards = Locked<ClusterShards?>(nil)

    /// Builds `configuration.initialNodeCount` storage nodes (each migrated with `migrations`)
    /// on a fresh network.
    public init(_ configuration: ClusterConfiguration, migrations: SchemaMigrations? = nil) throws {
        guard configuration.shardCount >= 1, configuration.replicaCount >= 1 else {
            throw ClusterError("a cluster needs at least 1 shard and 1 replica; got \(configuration.shardCount) shard(s) × \(configuration.replicaCount)")
        }
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
        var opened: [StorageNode] = []
        do {
            for index in 0..<configuration.initialNodeCount {
                opened.append(try Self.openNode(index: index, configuration: configuration, directory: directory, migrations: migrations))
            }
        } catch {
            opened.forEach { $0.close() }
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        nodes = Locked(opened)
    }

    /// Every node's id, in creation order.
    public var nodeIDs: [NodeID] { (0..<nodeCount).map { NodeID($0) } }

    public var nodeCount: Int { nodes.withLock { $0.count } }

    /// The storage node behind `id`.
    public func node(_ id: NodeID) -> StorageNode {
        nodes.withLock { $0[id.rawValue] }
    }

    /// Provisions one more storage node (migrated like the others) and returns its id.
    public func addNode() throws -> NodeID {
        try nodes.withLock { list in
            let node = try Self.openNode(index: list.count, configuration: configuration, directory: directory, migrations: migrations)
            list.append(node)
            return NodeID(list.count - 1)
        }
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
        nodes.withLock { $0 }.map { $0.counters() }
    }

    /// Closes every node and deletes the working folder.
    public func shutdown() {
        nodes.withLock { $0 }.forEach { $0.close() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private static func openNode(
        index: Int, configuration: ClusterConfiguration, directory: String, migrations: SchemaMigrations?
    ) throws -> StorageNode {
        var options: StorageNodeOptions = switch configuration.storageMode {
        case .file: .file(directory: directory, name: "node\(index)")
        case .memory: .memory
        }
        // Writes grow the file, and every reader then remaps it: under a write mix mmap costs more than it saves.
        options.mmapSizeBytes = 0
        let node = try StorageNode(name: "node\(index)", options: options)
        if let migrations {
            try node.migrate(migrations)
        }
        return node
    }
}

/// A cluster that cannot be built as configured.
public struct ClusterError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
