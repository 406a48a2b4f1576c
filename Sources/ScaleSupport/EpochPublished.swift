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
package final class EpochPublished<Value: AnyObject & Sendable>: @unchecked Sendable {
    /// An admitted reader: the counter (epoch parity) and stripe to leave through, and the value it
    /// may use until then.
    @usableFromInline
    package struct Admission {
        @usableFromInline package let parity: Int
        /// The caller's counter stripe; reusable for its own striped statistics.
        @usableFromInline package let stripe: Int
        /// Unretained: the slot holding it is not rewritten before this reader leaves, so taking a
        /// reference count (an atomic on a line every reader shares) would buy nothing.
        @usableFromInline package let unretained: Unmanaged<Value>

        @inlinable
        package init(parity: Int, stripe: Int, value: Unmanaged<Value>) {
            self.parity = parity
            self.stripe = stripe
            self.unretained = value
        }

        /// Runs `body` on the admitted value; call only before `leave`.
        @inlinable
        package func withValue<R>(_ body: (Value) throws -> R) rethrows -> R {
            try unretained._withUnsafeGuaranteedRef(body)
        }
    }

    @usableFromInline package let epoch = Atomic<UInt64>(0)
    /// Readers in flight: counter 0 for even epochs, 1 for odd ones.
    @usableFromInline package let readers = StripedCounters(count: 2)
    // Unchecked exclusivity: the epoch protocol above keeps writes and reads of a slot apart.
    @exclusivity(unchecked) @usableFromInline package var evenValue: Value
    @exclusivity(unchecked) @usableFromInline package var oddValue: Value

    package init(_ value: Value) {
        evenValue = value
        oddValue = value
    }

    /// Admits the calling reader; pair with `leave`. Never blocks.
    @inlinable
    package func enter() -> Admission {
        let stripe = StripedCounters.currentStripe()
        while true {
            let current = epoch.load(ordering: .acquiring)
            let parity = Int(current & 1)
            readers.addOrdered(1, at: parity, stripe: stripe)
            if epoch.load(ordering: .sequentiallyConsistent) == current {
                return Admission(parity: parity, stripe: stripe, value: .passUnretained(parity == 0 ? evenValue : oddValue))
            }
            // A publish slipped in between: this epoch's slot may be rewritten soon, so re-enter.
            readers.subtractReleasing(1, at: parity, stripe: stripe)
        }
    }

    /// Ends the reader's use of the admitted value.
    @inlinable
    package func leave(_ admission: Admission) {
        readers.subtractReleasing(1, at: admission.parity, stripe: admission.stripe)
    }

    /// Makes `value` what readers get from now on; returns the epoch it replaced, to wait for its
    /// readers with `waitForReaders(of:)`. Callers serialise publishes (e.g. under their own lock).
    @discardableResult
    package func publish(_ value: Value) -> UInt64 {
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
    package func waitForReaders(of epoch: UInt64) {
        let parity = Int(epoch & 1)
        while readers.sum(at: parity) != 0 { usleep(20) }
    }

    /// The current epoch.
    package var currentEpoch: UInt64 { epoch.load(ordering: .sequentiallyConsistent) }
}
