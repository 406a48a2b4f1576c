import Synchronization

/// What every `CacheClient` of one tier adds up (the tier's nodes count hits and misses themselves).
final class CacheClientCounters: Sendable {
    /// Cache-aside misses that waited for another caller's load instead of loading.
    let singleFlightJoins = Atomic<Int>(0)
    /// Cache-aside loads from the backing store.
    let loads = Atomic<Int>(0)
    /// Lookups answered by a near cache.
    let nearHits = Atomic<Int>(0)
    /// Lookups a near cache could not answer (then asked the tier).
    let nearMisses = Atomic<Int>(0)
    /// Cache-aside fills the tier refused because a write overtook the load (its lease was cancelled).
    let fillsRefused = Atomic<Int>(0)
}
