import Foundation
import ScaleCore
import Synchronization

/// One operation in a check's history: who issued it, what it was, and what came back.
public struct HistoryEvent: Sendable, Hashable, CustomStringConvertible {
    /// The simulated client (process) that issued the operation.
    public var client: Int
    public var operation: String
    /// The operation's arguments, rendered for reading.
    public var arguments: String
    /// The result or error, rendered for reading; nil while in flight.
    public var outcome: String?
    /// Nanoseconds since the check started.
    public var invokedAtNanos: UInt64
    public var completedAtNanos: UInt64?

    public var description: String {
        let at = String(format: "%9.3f ms", Double(invokedAtNanos) / 1e6)
        let until = completedAtNanos.map { String(format: "–%.3f", Double($0) / 1e6) } ?? ""
        // Typed operations render their arguments inside `operation` already: `getUser(5)`.
        let call = arguments.isEmpty && operation.hasSuffix(")") ? operation : "\(operation)(\(arguments))"
        return "\(at)\(until)  client \(client)  \(call) → \(outcome ?? "…in flight")"
    }
}

/// Records the operations a check performs, so a failure can show the history that proves it
/// (like Maelstrom's and Jepsen's histories). Thread-safe: concurrent clients record into it.
public final class HistoryRecorder: Sendable {
    private let startNanos = MonotonicClock.nowNanos()
    // Bounded so a long concurrent check cannot grow memory without limit.
    private let events = Locked<[HistoryEvent]>([])
    /// At most this many events are kept (the newest are dropped past it and counted).
    public let capacity: Int
    private let droppedCount = Atomic<Int>(0)

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Runs `body` as operation `operation` of `client`, recording its invocation and outcome.
    @discardableResult
    public func record<T: Sendable>(
        client: Int,
        _ operation: String,
        _ arguments: String = "",
        describe: (T) -> String = { "\($0)" },
        _ body: () async throws -> T
    ) async throws -> T {
        let index = append(HistoryEvent(
            client: client, operation: operation, arguments: arguments, outcome: nil,
            invokedAtNanos: MonotonicClock.nowNanos() &- startNanos, completedAtNanos: nil
        ))
        do {
            let value = try await body()
            complete(index, outcome: describe(value))
            return value
        } catch {
            complete(index, outcome: "error: \(error)")
            throw error
        }
    }

    /// Every recorded event, in invocation order.
    public var snapshot: [HistoryEvent] { events.withLock { $0 } }

    /// Events not recorded because the history was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    private func append(_ event: HistoryEvent) -> Int? {
        events.withLock { list in
            guard list.count < capacity else {
                droppedCount.add(1, ordering: .relaxed)
                return nil
            }
            list.append(event)
            return list.count - 1
        }
    }

    private func complete(_ index: Int?, outcome: String) {
        guard let index else { return }
        let now = MonotonicClock.nowNanos() &- startNanos
        events.withLock { list in
            list[index].outcome = outcome
            list[index].completedAtNanos = now
        }
    }
}
