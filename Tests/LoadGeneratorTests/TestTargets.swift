import LoadGenerator
import ScaleCore
import Synchronization

/// Counts calls and the most operations ever in flight at once; each op sleeps `delayNanos`.
final class ConcurrencyProbeTarget: LoadTarget {
    let delayNanos: UInt64
    private let inFlight = Atomic<Int>(0)
    private let maxInFlight = Atomic<Int>(0)
    private let calls = Atomic<Int>(0)

    init(delayNanos: UInt64) { self.delayNanos = delayNanos }

    func perform(_ operation: LoadOperation) async throws {
        calls.wrappingAdd(1, ordering: .relaxed)
        let now = inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        var seen = maxInFlight.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, original) = maxInFlight.compareExchange(expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
        await PreciseSleeper.shared.sleep(nanos: delayNanos)
        inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    var maxObservedInFlight: Int { maxInFlight.load(ordering: .relaxed) }
    var callCount: Int { calls.load(ordering: .relaxed) }
}

struct ConflictError: LabeledError {
    var errorKindLabel: String { "conflict" }
}

struct PlainError: Error {}

/// Fails `update`s (kind 1) with a labeled error and even-keyed `get`s with a plain error.
struct FailingTarget: LoadTarget {
    func perform(_ operation: LoadOperation) async throws {
        if operation.kindIndex == 1 { throw ConflictError() }
        if operation.key % 2 == 0 { throw PlainError() }
    }

    func runMetrics() async -> [String: Double] { ["probe": 1] }
}
