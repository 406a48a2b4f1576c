import ScaleCore
import Synchronization

/// Per-cell state a scenario may use: the key count it loaded and a run-wide sequence (e.g. the
/// next new user id for sign-ups, unique across all clients).
public final class ScenarioRun: Sendable {
    /// Records loaded by `prepare`: keys `0..<keyCount`.
    public let keyCount: UInt64
    /// The cell's design options (`--set name=value`), e.g. the corpus file a search run loads.
    public let options: [String: String]
    /// The cluster the service runs on (nil for a floor): a scenario may wait for its background
    /// work to settle, or time a bare cache round trip beside the service's reads (`CacheTier.ping`).
    public let cluster: Cluster?
    private let sequence: Atomic<UInt64>
    // Set by `prepare`, read by every operation: whatever the scenario keeps for the cell.
    private let attachment = Locked<(any Sendable)?>(nil)

    public init(keyCount: UInt64, options: [String: String] = [:], cluster: Cluster? = nil) {
        self.keyCount = keyCount
        self.options = options
        self.cluster = cluster
        sequence = Atomic(keyCount)
    }

    /// Keeps `state` for this cell (e.g. what `prepare` created and the operations count into),
    /// for `perform` and `finish` to read with `attached(as:)`.
    public func attach(_ state: any Sendable) {
        attachment.withLock { $0 = state }
    }

    /// The state `attach` kept, if it is a `T`.
    public func attached<T>(as type: T.Type) -> T? {
        attachment.withLock { $0 as? T }
    }

    /// The next number of the run-wide sequence, starting at `keyCount` (past the loaded keys).
    public func nextSequenceNumber() -> UInt64 {
        sequence.add(1, ordering: .relaxed).oldValue
    }
}
