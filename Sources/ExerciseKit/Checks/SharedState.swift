import Synchronization

/// A value that concurrent check clients share, guarded by a mutex. A class so task-group
/// closures can capture it (a `Mutex` itself is non-copyable and cannot be captured).
public final class SharedState<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result: Sendable>(_ body: (inout sending Value) throws -> sending Result) rethrows -> Result {
        try mutex.withLock(body)
    }

    /// A copy of the current value.
    public var value: Value { mutex.withLock { $0 } }
}
