import ScaleCore

/// The cache tier, queues and external endpoints a cluster runs beside its shards; guarded by
/// `Cluster.components`. Each is built once and shared by every service instance.
struct ClusterComponents {
    var cacheTier: CacheTier?
    /// The node holding every queue, opened with the first queue.
    var queueBroker: QueueBroker?
    var queues: [String: ClusterQueue] = [:]
    /// Endpoints by name; each an `ExternalEndpoint<Request, Response>` of the types it was created with.
    var endpoints: [String: any Sendable] = [:]
    /// The exercise's own objects by name (e.g. the push provider's device log), see `Cluster+Fixtures`.
    var fixtures: [String: any Sendable] = [:]
}
