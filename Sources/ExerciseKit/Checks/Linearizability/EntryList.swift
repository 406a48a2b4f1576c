/// The call and return events of a history as a doubly linked list in time order, from which the
/// linearizability search lifts an operation (both its events) and puts it back in LIFO order.
struct EntryList {
    // Entry e: operation e / 2, a call when e is even. `head` is a sentinel before the first entry.
    private var nextEntry: [Int]
    private var previousEntry: [Int]
    private let head: Int
    private static let none = -1

    init<Input, Output>(_ operations: [TimedOperation<Input, Output>]) {
        let count = operations.count * 2
        // Calls sort before returns at the same instant: such operations count as concurrent.
        let order = (0..<count).sorted { a, b in
            let timeA = a % 2 == 0 ? operations[a / 2].invokedAtNanos : operations[a / 2].completedAtNanos
            let timeB = b % 2 == 0 ? operations[b / 2].invokedAtNanos : operations[b / 2].completedAtNanos
            return (timeA, a % 2, a) < (timeB, b % 2, b)
        }
        head = count
        nextEntry = Array(repeating: Self.none, count: count + 1)
        previousEntry = Array(repeating: Self.none, count: count + 1)
        var last = head
        for entry in order {
            nextEntry[last] = entry
            previousEntry[entry] = last
            last = entry
        }
    }

    var first: Int? { entry(nextEntry[head]) }

    func next(of entry: Int) -> Int? { self.entry(nextEntry[entry]) }

    func isCall(_ entry: Int) -> Bool { entry % 2 == 0 }

    func operationIndex(of entry: Int) -> Int { entry / 2 }

    /// Removes call `entry` and its return from the list.
    mutating func lift(_ entry: Int) {
        unlink(entry)
        unlink(entry + 1)
    }

    /// Puts back what `lift(entry)` removed; lifts are undone in reverse order.
    mutating func unlift(_ entry: Int) {
        relink(entry + 1)
        relink(entry)
    }

    private func entry(_ raw: Int) -> Int? { raw == Self.none ? nil : raw }

    private mutating func unlink(_ entry: Int) {
        let (before, after) = (previousEntry[entry], nextEntry[entry])
        nextEntry[before] = after
        if after != Self.none { previousEntry[after] = before }
    }

    private mutating func relink(_ entry: Int) {
        let (before, after) = (previousEntry[entry], nextEntry[entry])
        nextEntry[before] = entry
        if after != Self.none { previousEntry[after] = entry }
    }
}

/// A fixed-size set of small integers, hashable, for the search's visited cache.
struct BitSet: Hashable {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    mutating func insert(_ index: Int) { words[index / 64] |= 1 << UInt64(index % 64) }

    mutating func remove(_ index: Int) { words[index / 64] &= ~(1 << UInt64(index % 64)) }

    func contains(_ index: Int) -> Bool { words[index / 64] & (1 << UInt64(index % 64)) != 0 }
}
