import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// The inverse changes of applied log entries, in position order, so a divergent suffix can be
/// rolled back newest first. Trimmed together with the replication log.
struct UndoLog: Sendable {
    private var records: [(position: LogPosition, inverse: [RowChange])] = []
    private var headIndex = 0

    var count: Int { records.count - headIndex }

    mutating func append(_ position: LogPosition, inverse: [RowChange]) {
        assert(records.last.map { $0.position < position } ?? true, "undo records must be in position order")
        records.append((position, inverse))
    }

    /// Removes and returns the inverse of the newest record if it is for `position`.
    mutating func popLast(_ position: LogPosition) -> [RowChange]? {
        guard records.count > headIndex, let last = records.last, last.position == position else { return nil }
        records.removeLast()
        return last.inverse
    }

    /// Forgets records at or below `position`.
    mutating func discard(through position: LogPosition) {
        while headIndex < records.count, records[headIndex].position <= position { headIndex += 1 }
        if headIndex == records.count || (headIndex > 1024 && headIndex * 2 > records.count) {
            records.removeFirst(headIndex)
            headIndex = 0
        }
    }
}
