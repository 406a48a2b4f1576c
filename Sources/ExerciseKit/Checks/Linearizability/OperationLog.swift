import ScaleCore

/// Records every operation of every client of a concurrent check (invocation and completion
/// times, input, output) for a whole-history check. Thread-safe; bounded.
public final class OperationLog<Input: Sendable & Hashable, Output: Sendable & Hashable>: Sendable {
    private let startNanos = MonotonicClock.nowNanos()
    private let operations = Locked<[TimedOperation<Input, Output>]>([])
    /// At most this many operations are kept; recording more is a check bug, reported by `isFull`.
    public let capacity: Int

    public init(capacity: Int = 50_000) { self.capacity = capacity }

    /// Runs `body` as `input` of `client` and records what it answered.
    @discardableResult
    public func record(client: Int, _ input: Input, _ body: () async throws -> Output) async rethrows -> Output {
        let invoked = MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())
        let output = try await body()
        let completed = MonotonicClock.elapsedNanos(from: startNanos, to: MonotonicClock.nowNanos())
        operations.withLock { list in
            if list.count < capacity {
                list.append(TimedOperation(sequence: list.count, client: client, input: input, output: output, invokedAtNanos: invoked, completedAtNanos: completed))
            }
        }
        return output
    }

    /// Every recorded operation, in completion order.
    public var snapshot: [TimedOperation<Input, Output>] { operations.withLock { $0 } }

    /// True once the log stopped recording: a whole-history verdict would be incomplete.
    public var isFull: Bool { operations.withLock { $0.count >= capacity } }
}
