import ScaleSupport
import ScaleStorage
import ScaleNetwork
/// The retained window of a node's change log, in position order.
///
/// Entries at or below `baseline` have been discarded (they are known to be everywhere or the
/// window hit its limit); their last position and epoch are kept so consistency checks still work.
/// Epochs never decrease along the log, which makes epoch searches a binary search.
public struct ReplicationLog: Sendable {
    /// Retained entries live in `storage[headIndex...]`; the prefix is garbage awaiting compaction.
    private var storage: [LogEntry] = []
    private var headIndex = 0
    /// Position of the last discarded entry (`.zero` for a log never trimmed).
    public private(set) var baselinePosition: LogPosition = .zero
    /// Epoch of the last discarded entry.
    public private(set) var baselineEpoch: Epoch = .zero

    /// An empty log.
    public init() {}

    /// Number of retained entries.
    public var retainedCount: Int { storage.count - headIndex }

    /// Position of the newest entry (the baseline when nothing is retained).
    public var lastPosition: LogPosition { storage.last?.position ?? baselinePosition }

    /// Epoch of the newest entry (the baseline's when nothing is retained).
    public var lastEpoch: Epoch { storage.count > headIndex ? storage[storage.count - 1].epoch : baselineEpoch }

    /// Oldest retained position (`lastPosition + 1` when nothing is retained).
    public var firstRetainedPosition: LogPosition { baselinePosition.next }

    /// The epoch of the entry at `position`; nil if it was discarded (below the baseline) or does not exist yet.
    public func epoch(at position: LogPosition) -> Epoch? {
        if position == baselinePosition { return baselineEpoch }
        guard let index = index(of: position) else { return nil }
        return storage[index].epoch
    }

    /// The retained entry at `position`.
    public func entry(at position: LogPosition) -> LogEntry? {
        index(of: position).map { storage[$0] }
    }

    /// Up to `limit` retained entries starting at `position`.
    public func entries(from position: LogPosition, limit: Int) -> [LogEntry] {
        let start = max(position, firstRetainedPosition)
        guard let first = index(of: start), limit > 0 else { return [] }
        let end = min(storage.count, first + limit)
        return Array(storage[first..<end])
    }

    /// Appends `entry`, which must directly follow the last entry with an epoch no older than it.
    public mutating func append(_ entry: LogEntry) {
        precondition(entry.position == lastPosition.next, "log append out of order: \(entry.position) after \(lastPosition)")
        precondition(entry.epoch >= lastEpoch, "log epochs must not decrease: \(entry.epoch) after \(lastEpoch)")
        storage.append(entry)
    }

    /// Removes and returns (oldest first) the retained entries after `position`.
    public mutating func truncate(after position: LogPosition) -> [LogEntry] {
        precondition(position >= baselinePosition, "cannot truncate into the discarded prefix")
        guard position < lastPosition, let cut = index(of: position.next) else { return [] }
        let removed = Array(storage[cut...])
        storage.removeSubrange(cut...)
        return removed
    }

    /// Discards entries up to and including `position` (clamped to the log's end).
    public mutating func discard(through position: LogPosition) {
        let target = min(position, lastPosition)
        guard target > baselinePosition, let index = index(of: target) else { return }
        baselinePosition = target
        baselineEpoch = storage[index].epoch
        headIndex = index + 1
        if headIndex > 1024, headIndex * 2 > storage.count {
            storage.removeFirst(headIndex)
            headIndex = 0
        }
    }

    /// Discards what every member holds (through `everywhere`) and, beyond that, the oldest entries
    /// past `maxRetained`. Returns the new baseline when anything was dropped.
    public mutating func trim(heldEverywhereThrough everywhere: LogPosition, keepingAtMost maxRetained: Int) -> LogPosition? {
        let overflow = retainedCount > maxRetained ? LogPosition(lastPosition.rawValue - UInt64(maxRetained)) : .zero
        let through = max(everywhere, overflow)
        guard through > baselinePosition else { return nil }
        discard(through: through)
        return through
    }

    /// The newest position whose epoch is at most `epoch`: where a log that stopped in `epoch`
    /// can at best agree with this one. Falls back to the baseline or 0 below the window.
    public func lastPosition(withEpochAtMost epoch: Epoch) -> LogPosition {
        var low = headIndex
        var high = storage.count
        while low < high {
            let mid = (low + high) / 2
            if storage[mid].epoch <= epoch { low = mid + 1 } else { high = mid }
        }
        if low > headIndex { return storage[low - 1].position }
        return baselineEpoch <= epoch ? baselinePosition : .zero
    }

    /// The first retained position whose epoch is at least `epoch` (`lastPosition + 1` if none).
    public func firstPosition(withEpochAtLeast epoch: Epoch) -> LogPosition {
        var low = headIndex
        var high = storage.count
        while low < high {
            let mid = (low + high) / 2
            if storage[mid].epoch < epoch { low = mid + 1 } else { high = mid }
        }
        return low < storage.count ? storage[low].position : lastPosition.next
    }

    private func index(of position: LogPosition) -> Int? {
        guard position > baselinePosition, position <= lastPosition else { return nil }
        let index = headIndex + Int(position.rawValue - baselinePosition.rawValue - 1)
        assert(storage[index].position == position, "log positions must be contiguous")
        return index
    }
}
