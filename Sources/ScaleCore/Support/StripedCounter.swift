import Synchronization

/// A counter split over cache-line-sized stripes: each thread adds to its own stripe
/// (`ThreadStripe`), so threads counting at once do not bounce one cache line; `sum` adds them up.
///
/// An add and its matching subtract must use the same stripe (keep the index `add` returns), since
/// a task can move between threads in between. Sendable: the stripes are atomics.
public final class StripedCounter: Sendable {
    @usableFromInline let slots: AtomicSlotArray
    @usableFromInline static let stripeCount = 16
    /// 64-byte cache lines hold 8 slots: one stripe per line.
    @usableFromInline static let slotsPerStripe = 8

    public init() {
        slots = AtomicSlotArray(count: Self.stripeCount * Self.slotsPerStripe)
    }

    /// The slot the calling thread counts in.
    @inlinable
    public static func currentSlot() -> Int {
        (ThreadStripe.current() % stripeCount) * slotsPerStripe
    }

    /// Adds `value` at `slot` (from `currentSlot()`), relaxed: for statistics.
    @inlinable
    public func add(_ value: UInt64, at slot: Int) {
        slots.slots[slot].wrappingAdd(value, ordering: .relaxed)
    }

    /// Adds `value` at `slot`, ordered with every other sequentially consistent access: for
    /// admission protocols that then check a flag (see `EpochPublished`).
    @inlinable
    func addOrdered(_ value: UInt64, at slot: Int) {
        slots.slots[slot].wrappingAdd(value, ordering: .sequentiallyConsistent)
    }

    /// Subtracts `value` at `slot`, releasing: what the caller did before is visible to a `sum` that sees it.
    @inlinable
    func subtractReleasing(_ value: UInt64, at slot: Int) {
        slots.slots[slot].wrappingSubtract(value, ordering: .releasing)
    }

    /// The total over every stripe (wrapping, so matched adds and subtracts cancel).
    public func sum() -> UInt64 {
        var total: UInt64 = 0
        for stripe in 0..<Self.stripeCount {
            total &+= slots.slots[stripe * Self.slotsPerStripe].load(ordering: .sequentiallyConsistent)
        }
        return total
    }
}
