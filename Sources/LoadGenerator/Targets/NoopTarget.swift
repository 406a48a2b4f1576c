/// Does nothing: measures the harness itself.
public struct NoopTarget: LoadTarget {
    /// The no-op target.
    public init() {}

    @inline(__always)
    public func perform(_ operation: LoadOperation) async throws {}
}
