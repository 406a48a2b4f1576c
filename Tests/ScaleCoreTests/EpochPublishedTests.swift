import Foundation
import Synchronization
import Testing
@testable import ScaleCore

/// The lock-free read admission under the shard map: a value is never retired while a reader holds it.
@Suite struct EpochPublishedTests {
    final class Version: Sendable {
        let number: Int
        let retired = Atomic<Bool>(false)
        init(_ number: Int) { self.number = number }
    }

    @Test func aReplacedValueIsRetiredOnlyAfterItsReadersLeft() {
        let published = EpochPublished(Version(0))
        let publishing = Atomic<Bool>(true)
        let usedAfterRetirement = Atomic<Int>(0)
        let wentBackwards = Atomic<Int>(0)
        let admissions = Atomic<Int>(0)
        let publishes = 2_000

        runOnThreads(4) { thread in
            if thread == 0 {
                var live = Version(0)
                for number in 1...publishes {
                    let next = Version(number)
                    let replaced = published.publish(next)
                    published.waitForReaders(of: replaced)
                    // Nobody admitted under the old epoch is left: retiring it now must go unseen.
                    live.retired.store(true, ordering: .sequentiallyConsistent)
                    live = next
                    if number % 16 == 0 { usleep(50) }
                }
                publishing.store(false, ordering: .releasing)
                return
            }
            var lastSeen = 0
            while publishing.load(ordering: .acquiring) {
                let admission = published.enter()
                let version = admission.value
                if version.retired.load(ordering: .sequentiallyConsistent) { usedAfterRetirement.add(1, ordering: .relaxed) }
                // Hold it a little, as a storage read would, then look again.
                for _ in 0..<(thread * 20) { _ = admissions.load(ordering: .relaxed) }
                if version.retired.load(ordering: .sequentiallyConsistent) { usedAfterRetirement.add(1, ordering: .relaxed) }
                if version.number < lastSeen { wentBackwards.add(1, ordering: .relaxed) }
                lastSeen = version.number
                published.leave(admission)
                admissions.add(1, ordering: .relaxed)
            }
        }

        #expect(usedAfterRetirement.load(ordering: .relaxed) == 0)
        #expect(wentBackwards.load(ordering: .relaxed) == 0)
        #expect(admissions.load(ordering: .relaxed) > publishes)
        #expect(published.currentEpoch == UInt64(publishes))
        // Every admission left: both parities' counters are back to zero.
        #expect(published.readers.allSatisfy { $0.sum() == 0 })
    }

    @Test func stripedCounterSumsWhatEveryThreadAdded() {
        let counter = StripedCounter()
        runOnThreads(4) { _ in
            let slot = StripedCounter.currentSlot()
            for _ in 0..<10_000 { counter.add(1, at: slot) }
        }
        #expect(counter.sum() == 40_000)
    }
}
