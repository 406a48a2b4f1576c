import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// One entry of a primary's change log: its position, the epoch of the primary that wrote it,
/// and the row changes it applies atomically (empty for the no-op a new primary appends).
public struct LogEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the entry sits in the log.
    public var position: LogPosition
    /// The epoch of the primary that wrote it.
    public var epoch: Epoch
    /// The row changes, applied atomically in order.
    public var changes: [RowChange]
    /// Monotonic time the primary appended the entry; replicas subtract it from their apply time
    /// to measure lag in time (all nodes of a simulation share one monotonic clock).
    public var appendedNanos: UInt64

    /// An entry at `position`, written in `epoch`.
    public init(position: LogPosition, epoch: Epoch, changes: [RowChange], appendedNanos: UInt64) {
        self.position = position
        self.epoch = epoch
        self.changes = changes
        self.appendedNanos = appendedNanos
    }

    /// True for the marker a new primary appends to start its epoch.
    public var isNoOp: Bool { changes.isEmpty }

    public var description: String { "\(position)@\(epoch)[\(changes.count)]" }
}
