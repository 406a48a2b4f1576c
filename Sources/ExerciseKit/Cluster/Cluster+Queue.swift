import ScaleCore

/// Durable work queues: what an asynchronous design calls, learner and reference alike.
extension Cluster {
    /// Most queues one cluster holds.
    public static let maximumQueueCount = 16

    /// The queue named `name`, opened on first use on the cluster's queue broker (its own SQLite
    /// node on the network, allocated with the first queue); every service instance gets the same
    /// queue. Open queues in the service's initializer: a queue opened while a bench measures
    /// adds no design metrics to that run. Asking again with a different `configuration` is an error.
    public func queue(named name: String, configuration: WorkQueueConfiguration = WorkQueueConfiguration()) throws -> ClusterQueue {
        try Self.validateComponentName(name, of: "queue")
        let (queue, isNew): (ClusterQueue, Bool) = try components.withLock { components in
            if let existing = components.queues[name] {
                guard existing.configuration == configuration else {
                    throw ClusterError("queue '\(name)' is already open with \(existing.configuration); open it with the same configuration")
                }
                return (existing, false)
            }
            guard components.queues.count < Self.maximumQueueCount else {
                throw ClusterError("this cluster already holds \(Self.maximumQueueCount) queues; use fewer queue names")
            }
            let broker = try components.queueBroker ?? openQueueBroker()
            components.queueBroker = broker
            let options = WorkQueueOptions(seed: self.configuration.seed ^ StableHash.hash(name))
            let workQueue = try WorkQueue(node: broker.node, name: name, configuration: configuration, options: options, clock: SystemNanoClock())
            let queue = ClusterQueue(name: name, nodeID: broker.nodeID, queue: workQueue, network: network)
            components.queues[name] = queue
            return (queue, true)
        }
        if isNew {
            addMetricSource(ClusterMetricSource(declarations: queue.metricDeclarations, beginWindow: queue.beginMetricWindow))
        }
        return queue
    }

    /// Allocates the broker's node and opens its database; the cluster's shutdown stops every queue, then closes it.
    private func openQueueBroker() throws -> QueueBroker {
        let nodeID = try allocateNodeID()
        var options: StorageNodeOptions = switch configuration.storageMode {
        case .file: .file(directory: directory, name: "queues")
        case .memory: .memory
        }
        options.mmapSizeBytes = 0
        let node = try StorageNode(name: "queues", options: options)
        onShutdown { [self] in
            for queue in components.withLock({ Array($0.queues.values) }) { await queue.stop() }
            node.close()
        }
        return QueueBroker(nodeID: nodeID, node: node)
    }

    /// Throws unless `name` is 1–64 letters, digits, `-` or `_` (it names design metrics).
    static func validateComponentName(_ name: String, of kind: String) throws {
        guard (1...64).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ClusterError("\(kind) name '\(name)' is not allowed; use 1 to 64 letters, digits, '-' or '_'")
        }
    }
}

/// The node that holds a cluster's queues, as one message broker.
struct QueueBroker: Sendable {
    let nodeID: NodeID
    let node: StorageNode
}
