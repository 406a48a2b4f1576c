import ScaleSupport
/// Per-key work in flight in a `CachedStore`: the one backend load of a key (with the callers
/// waiting on it) and the writes in progress. It gives
/// - single-flight: concurrent misses on one key cause one load, and all waiters get its result;
/// - fill safety: a load that overlapped a write never fills the cache with the older value.
///
/// A record exists only while its key has work in flight, so memory is bounded by concurrency.
/// Package-visible so the cluster's cache tier (ExerciseKit) shares the same single-flight.
package final class CacheKeyActivity<Key: CacheKey, Value: Sendable>: Sendable {
    typealias Outcome = Result<Value?, any Error>

    struct Record {
        /// Identifies the load in flight; 0 when none is.
        var flightID: UInt64 = 0
        /// Followers of the load; a nil outcome tells a follower to try again.
        var waiters: [CheckedContinuation<Outcome?, Never>] = []
        /// A write landed while the load was in flight, so its result must not fill the cache.
        var isLoadSuperseded = false
        var writesInFlight = 0
        /// Bumped by every write that begins, so a write can tell whether another began after it.
        var writeGeneration: UInt64 = 0

        var isIdle: Bool { flightID == 0 && writesInFlight == 0 }
    }

    struct Stripe {
        var records: [Key: Record] = [:]
        var nextFlightID: UInt64 = 1
    }

    /// How a `load` call got its answer.
    package enum Source: Sendable {
        /// `precheck` answered under the lock.
        case precheck
        /// This caller ran the backend load.
        case loaded
        /// This caller waited for another caller's load.
        case coalesced
    }

    /// Identifies one write between `beginWrite` and `endWrite`.
    struct WriteToken: Sendable {
        let generation: UInt64
        let overlappedAtBegin: Bool
    }

    private enum Role {
        case answered(Value)
        case lead(UInt64)
        case follow(UInt64)
    }

    /// Rounds a follower retries when the load it meant to join finished first.
    private static var maxJoinRounds: Int { 16 }

    private let stripes: CachePaddedLocks<Stripe>
    private let stripeMask: UInt64

    /// Creates the table; `stripeCount` (a power of two) locks split the keys.
    package init(stripeCount: Int) {
        precondition(stripeCount >= 1 && stripeCount & (stripeCount - 1) == 0, "stripeCount must be a power of two")
        stripes = CachePaddedLocks(count: stripeCount) { _ in Stripe() }
        stripeMask = UInt64(stripeCount - 1)
    }

    /// Runs `body` with the stripe holding `key` locked.
    private func withStripe<Result>(of key: Key, _ body: (inout Stripe) -> Result) -> Result {
        stripes.withLock(Int(truncatingIfNeeded: (key.stableHash >> 40) & stripeMask), body)
    }

    /// The value for `key`: from `precheck` (run under the stripe lock), by joining the load in
    /// flight, or by running `loader` and offering a non-nil result to `fill` (run under the
    /// stripe lock, skipped when a write superseded the load). A loader error reaches every waiter.
    package func load(
        _ key: Key,
        precheck: () -> Value?,
        loader: () async throws -> Value?,
        fill: (Key, Value) -> Void
    ) async throws -> (value: Value?, source: Source) {
        for _ in 0..<Self.maxJoinRounds {
            let role: Role = withStripe(of: key) { stripe in
                if let value = precheck() { return .answered(value) }
                if let flightID = stripe.records[key]?.flightID, flightID != 0 { return .follow(flightID) }
                let flightID = stripe.nextFlightID
                stripe.nextFlightID &+= 1
                stripe.records[key, default: Record()].flightID = flightID
                stripe.records[key]?.isLoadSuperseded = false
                return .lead(flightID)
            }
            switch role {
            case .answered(let value):
                return (value, .precheck)
            case .lead(let flightID):
                let outcome: Outcome
                do { outcome = .success(try await loader()) } catch { outcome = .failure(error) }
                finishLoad(key, flightID: flightID, outcome: outcome, fill: fill)
                return (try outcome.get(), .loaded)
            case .follow(let flightID):
                let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
                    let joined = withStripe(of: key) { stripe in
                        guard stripe.records[key]?.flightID == flightID else { return false }
                        stripe.records[key]?.waiters.append(continuation)
                        return true
                    }
                    if !joined { continuation.resume(returning: nil) }
                }
                if let outcome { return (try outcome.get(), .coalesced) }
            }
        }
        // Lost the join race every round: load without coalescing and leave the cache alone.
        return (try await loader(), .loaded)
    }

    private func finishLoad(_ key: Key, flightID: UInt64, outcome: Outcome, fill: (Key, Value) -> Void) {
        let waiters: [CheckedContinuation<Outcome?, Never>] = withStripe(of: key) { stripe in
            guard var record = stripe.records[key], record.flightID == flightID else { return [] }
            if case .success(let value?) = outcome, !record.isLoadSuperseded { fill(key, value) }
            let waiters = record.waiters
            record.waiters = []
            record.flightID = 0
            record.isLoadSuperseded = false
            stripe.records[key] = record.isIdle ? nil : record
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
    }

    /// Marks the start of a write to `key`.
    func beginWrite(_ key: Key) -> WriteToken {
        withStripe(of: key) { stripe in
            var record = stripe.records[key, default: Record()]
            let overlapped = record.writesInFlight > 0
            record.writesInFlight += 1
            record.writeGeneration &+= 1
            stripe.records[key] = record
            return WriteToken(generation: record.writeGeneration, overlappedAtBegin: overlapped)
        }
    }

    /// Ends the write `token`: supersedes any load of `key` in flight, then runs `apply` under the
    /// stripe lock, passing whether another write to `key` overlapped this one.
    @discardableResult
    func endWrite<Result>(_ key: Key, _ token: WriteToken, apply: (_ overlapped: Bool) -> Result) -> Result {
        withStripe(of: key) { stripe in
            guard var record = stripe.records[key] else {
                assertionFailure("endWrite without beginWrite")
                return apply(true)
            }
            let overlapped = token.overlappedAtBegin || record.writeGeneration != token.generation
            record.writesInFlight -= 1
            if record.flightID != 0 { record.isLoadSuperseded = true }
            stripe.records[key] = record.isIdle ? nil : record
            return apply(overlapped)
        }
    }

    /// Supersedes any load of `key` in flight and runs `apply` under the stripe lock
    /// (invalidations and write-back writes, which have no store write to wait for).
    @discardableResult
    func supersede<Result>(_ key: Key, apply: () -> Result) -> Result {
        withStripe(of: key) { stripe in
            if stripe.records[key]?.flightID ?? 0 != 0 { stripe.records[key]?.isLoadSuperseded = true }
            return apply()
        }
    }

    /// Callers waiting on the load of `key` in flight (tests and debugging).
    package func waiterCount(forKey key: Key) -> Int {
        withStripe(of: key) { $0.records[key]?.waiters.count ?? 0 }
    }
}
