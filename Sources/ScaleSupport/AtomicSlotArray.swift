import Synchronization

/// A fixed array of relaxed atomic `UInt64` slots, for counters and estimates on hot paths without locks.
@usableFromInline
package final class AtomicSlotArray: @unchecked Sendable {
    // Safe to share: `slots` is fixed at init and every element is an `Atomic`.
    @usableFromInline package let slots: UnsafeMutablePointer<Atomic<UInt64>>
    package let count: Int

    package init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        for index in 0..<count { (slots + index).initialize(to: Atomic(0)) }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    @inlinable
    package func add(_ value: UInt64, at index: Int) {
        slots[index].wrappingAdd(value, ordering: .relaxed)
    }

    /// Adds `value` at `index` and returns the value before.
    @inline(__always)
    package func fetchAdd(_ value: UInt64, at index: Int) -> UInt64 {
        slots[index].wrappingAdd(value, ordering: .relaxed).oldValue
    }

    /// The value at `index`.
    @inlinable
    package func load(_ index: Int) -> UInt64 {
        slots[index].load(ordering: .relaxed)
    }

    /// Sets the value at `index`.
    @inlinable
    package func store(_ value: UInt64, at index: Int) {
        slots[index].store(value, ordering: .relaxed)
    }

    /// The value at `index`, set to 0 if `resetting`.
    package func read(_ index: Int, resetting: Bool) -> UInt64 {
        resetting ? slots[index].exchange(0, ordering: .relaxed) : slots[index].load(ordering: .relaxed)
    }
}
