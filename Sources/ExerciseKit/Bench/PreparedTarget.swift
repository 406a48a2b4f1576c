import LoadGenerator

/// A target ready to be loaded, and how to release what it holds (nodes, files) afterwards.
public struct PreparedTarget: Sendable {
    public var target: any LoadTarget
    public var teardown: @Sendable () async -> Void

    public init(target: any LoadTarget, teardown: @escaping @Sendable () async -> Void = {}) {
        self.target = target
        self.teardown = teardown
    }
}
