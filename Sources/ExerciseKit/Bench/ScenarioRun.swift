import Synchronization

/// Per-cell state a scenario may use: the key count it loaded and a run-wide sequence (e.g. the
/// next new user id for sign-ups, unique across all clients).
public final class ScenarioRun: Sendable {
    /// Records loaded by `prepare`: keys `0..<keyCount`.
    public let keyCount: UInt64
    private let sequence: Atomic<UInt64>

    public init(keyCount: UInt64) {
        self.keyCount = keyCount
        sequence = Atomic(keyCount)
    }

    /// The next number of the run-wide sequence, starting at `keyCount` (past the loaded keys).
    public func nextSequenceNumber() -> UInt64 {
        sequence.add(1, ordering: .relaxed).oldValue
    }
}
