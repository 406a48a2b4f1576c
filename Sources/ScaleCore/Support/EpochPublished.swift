#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A value that readers use without a lock and a writer replaces rarely (read-copy-update).
///
/// A reader `enter`s: it counts itself in the current epoch's striped counter, then re-checks the
/// epoch (both sequentially consistent, so either the writer sees the count or the reader sees the
/// new epoch and retries). A writer `publish`es into the other epoch's slot and bumps the epoch;
/// `waitForReaders(of:)` then returns once nobody still uses the value it replaced. Two slots by
/// epoch parity: a slot is rewritten only when the readers of the epoch that last used it are gone.
///
/// `@unchecked Sendable`: `evenValue`/`oddValue` are written only by `publish` (callers serialise
/// publishes) into the slot no admitted reader uses, and read only by an admitted reader.
@usableFromInline
final class EpochPublished<Value: AnyObject & Sendable>: @unchecked Sendable {
    /// An admitted reader: the counter slot to leave through, and the value it may use until then.
    @usableFromInline
    struct Admission {
        @usableFromInline let parity: Int
        @usableFromInline let slot: Int
        @usableFromInline let value: Value

        @inlinable
        init(parity: Int, slot: Int, value: Value) {
            self.parity = parity
            self.slot = slot
            self.value = value
        }
    }

    @usableFromInline let epoch = Atomic<UInt64>(0)
    /// Readers in flight, by epoch parity.
    @usableFromInline let readers = [StripedCounter(), StripedCounter()]
    // Unchecked exclusivity: the epoch protocol above keeps writes and reads of a slot apart.
    @exclusivity(unchecked) @usableFromInline var evenValue: Value
    @exclusivity(unchecked) @usableFromInline var oddValue: Value

    init(_ value: Value) {
        evenValue = value
        oddValue = value
    }

    /// Admits the calling reader; pair with `leave`. Never blocks.
    @inlinable
    func enter() -> Admission {
        let slot = StripedCounter.currentSlot()
        while true {
            let current = epoch.load(ordering: .acquiring)
            let parity = Int(current & 1)
            readers[parity].addOrdered(1, at: slot)
            if epoch.load(ordering: .sequentiallyConsistent) == current {
                return Admission(parity: parity, slot: slot, value: parity == 0 ? evenValue : oddValue)
            }
            // A publish slipped in between: this epoch's slot may be rewritten soon, so re-enter.
            readers[parity].subtractReleasing(1, at: slot)
        }
    }

    /// Ends the reader's use of the admitted value.
    @inlinable
    func leave(_ admission: Admission) {
        readers[admission.parity].subtractReleasing(1, at: admission.slot)
    }

    /// Makes `value` what readers get from now on; returns the epoch it replaced, to wait for its
    /// readers with `waitForReaders(of:)`. Callers serialise publishes (e.g. under their own lock).
    @discardableResult
    func publish(_ value: Value) -> UInt64 {
        let current = epoch.load(ordering: .sequentiallyConsistent)
        let next = current &+ 1
        // The slot's previous readers (epoch current-1) are normally gone already; wait out any left.
        waitForReaders(of: next)
        if next & 1 == 0 { evenValue = value } else { oddValue = value }
        epoch.store(next, ordering: .sequentiallyConsistent)
        return current
    }

    /// Returns once every reader admitted under `epoch` (or under an epoch of its parity) has left.
    /// Readers are short (one storage call), so this polls instead of making every `leave` signal.
    func waitForReaders(of epoch: UInt64) {
        let counter = readers[Int(epoch & 1)]
        while counter.sum() != 0 { usleep(20) }
    }

    /// The current epoch.
    var currentEpoch: UInt64 { epoch.load(ordering: .sequentiallyConsistent) }
}
