/// Does nothing: measures the harness itself.
public struct NoopTarget: LoadTarget {
    public init() {}

    @inline(__always)
    public func perform(_ operation: Operation) async throws {}
}
