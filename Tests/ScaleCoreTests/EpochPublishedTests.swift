import Foundation
import Synchronization
import Testing
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

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
                let version = admission.withValue { $0 }
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
        #expect(published.readers.sum(at: 0) == 0 && published.readers.sum(at: 1) == 0)
    }

    @Test func stripedCountersSumWhatEveryThreadAdded() {
        let counters = StripedCounters(count: 9)
        runOnThreads(4) { thread in
            let stripe = StripedCounters.currentStripe()
            for _ in 0..<10_000 { counters.add(1, at: 8, stripe: stripe) }
            counters.add(UInt64(thread), at: 0, stripe: stripe)
        }
        #expect(counters.sum(at: 8) == 40_000)
        #expect(counters.sum(at: 0) == 0 + 1 + 2 + 3)
        // Counters do not spill into each other across the padded stripes.
        #expect((1..<8).allSatisfy { counters.sum(at: $0) == 0 })
        #expect(counters.sum(at: 8, resetting: true) == 40_000)
        #expect(counters.sum(at: 8) == 0)
    }
}
