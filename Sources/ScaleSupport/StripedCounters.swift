import Synchronization

/// A fixed set of counters, each split over stripes: a thread adds to its own stripe
/// (`ThreadStripe`), so threads counting at once do not bounce one cache line; reads add the
/// stripes up. For hot-path statistics and admission counts shared by every worker thread.
///
/// An add and its matching subtract must use the same stripe (keep the one `currentStripe()`
/// gave), since a task can move between threads in between. Sendable: every slot is an atomic.
public final class StripedCounters: Sendable {
    @usableFromInline let slots: AtomicSlotArray
    /// How many counters.
    public let count: Int
    /// Slots per stripe: `count` rounded up to whole 64-byte cache lines, so stripes share no line.
    @usableFromInline let stripeStride: Int
    @usableFromInline static let stripeCount = 16

    /// `count` counters, all zero.
    public init(count: Int) {
        self.count = max(1, count)
        stripeStride = (self.count + 7) / 8 * 8
        slots = AtomicSlotArray(count: stripeStride * Self.stripeCount)
    }

    /// The stripe the calling thread counts in.
    @inlinable
    public static func currentStripe() -> Int {
        ThreadStripe.current() % stripeCount
    }

    /// Adds `value` to counter `index` in `stripe`, relaxed: for statistics.
    @inlinable
    public func add(_ value: UInt64, at index: Int, stripe: Int) {
        slots.slots[stripe &* stripeStride &+ index].wrappingAdd(value, ordering: .relaxed)
    }

    /// Adds `value` to counter `index` in `stripe`, ordered with every other sequentially
    /// consistent access: for admission protocols that then check a flag (see `EpochPublished`).
    @inlinable
    func addOrdered(_ value: UInt64, at index: Int, stripe: Int) {
        slots.slots[stripe &* stripeStride &+ index].wrappingAdd(value, ordering: .sequentiallyConsistent)
    }

    /// Subtracts `value` from counter `index` in `stripe`, releasing: what the caller did before is
    /// visible to a `sum` that sees the subtraction.
    @inlinable
    func subtractReleasing(_ value: UInt64, at index: Int, stripe: Int) {
        slots.slots[stripe &* stripeStride &+ index].wrappingSubtract(value, ordering: .releasing)
    }

    /// Counter `index` over every stripe (wrapping, so matched adds and subtracts cancel); with
    /// `resetting`, each stripe is read and zeroed atomically.
    public func sum(at index: Int, resetting: Bool = false) -> UInt64 {
        var total: UInt64 = 0
        for stripe in 0..<Self.stripeCount {
            let slot = slots.slots + (stripe * stripeStride + index)
            total &+= resetting ? slot.pointee.exchange(0, ordering: .sequentiallyConsistent) : slot.pointee.load(ordering: .sequentiallyConsistent)
        }
        return total
    }
}
