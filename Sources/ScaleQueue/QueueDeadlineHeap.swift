import ScaleSupport
import ScaleStorage
/// A binary min-heap of message ids ordered by (time, id), with an index so any id can be removed
/// or re-timed in O(log n). Holds each id at most once, so its size is bounded by the queue depth.
struct QueueDeadlineHeap: Sendable {
    struct Entry: Sendable, Hashable {
        var timeNanos: UInt64
        var id: UInt64

        func precedes(_ other: Entry) -> Bool {
            (timeNanos, id) < (other.timeNanos, other.id)
        }
    }

    private var entries: [Entry] = []
    private var positionByID: [UInt64: Int] = [:]

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }
    /// The earliest entry, if any.
    var first: Entry? { entries.first }

    func contains(_ id: UInt64) -> Bool { positionByID[id] != nil }

    /// Adds `id` at `timeNanos`, or moves it there if present.
    mutating func set(_ id: UInt64, timeNanos: UInt64) {
        if let position = positionByID[id] {
            let old = entries[position]
            entries[position].timeNanos = timeNanos
            if entries[position].precedes(old) { siftUp(position) } else { siftDown(position) }
            return
        }
        entries.append(Entry(timeNanos: timeNanos, id: id))
        positionByID[id] = entries.count - 1
        siftUp(entries.count - 1)
    }

    /// Removes `id` if present.
    mutating func remove(_ id: UInt64) {
        guard let position = positionByID.removeValue(forKey: id) else { return }
        let last = entries.removeLast()
        guard position < entries.count else { return }
        entries[position] = last
        positionByID[last.id] = position
        if position > 0, entries[position].precedes(entries[(position - 1) / 2]) {
            siftUp(position)
        } else {
            siftDown(position)
        }
    }

    /// Removes and returns the earliest entry if its time is at or before `nowNanos`.
    mutating func popFirst(dueBy nowNanos: UInt64) -> Entry? {
        guard let first = entries.first, first.timeNanos <= nowNanos else { return nil }
        remove(first.id)
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            swapEntries(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count, entries[right].precedes(entries[smallest]) { smallest = right }
            if smallest == parent { return }
            swapEntries(parent, smallest)
            parent = smallest
        }
    }

    private mutating func swapEntries(_ a: Int, _ b: Int) {
        entries.swapAt(a, b)
        positionByID[entries[a].id] = a
        positionByID[entries[b].id] = b
    }

    /// O(n) check for tests: the heap order holds and the index points at every entry.
    func checkInvariants() {
        precondition(positionByID.count == entries.count, "heap index has \(positionByID.count) ids, heap \(entries.count)")
        for (position, entry) in entries.enumerated() {
            precondition(positionByID[entry.id] == position, "heap index is stale for id \(entry.id)")
            if position > 0 { precondition(!entry.precedes(entries[(position - 1) / 2]), "heap order broken at \(position)") }
        }
    }
}
